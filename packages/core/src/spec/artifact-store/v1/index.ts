export type { ArtifactStoreV1, ArtifactV1Body, ArtifactV1Info } from './artifact-store-v1';
