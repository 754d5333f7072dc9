export type { BackendV1, BackendV1Capabilities } from './backend-v1';
