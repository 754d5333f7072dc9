export type { RegistryV1 } from './registry-v1';
export type { RegistryV1AliasEvent, RegistryV1Change } from './registry-v1-alias';
export type { RegistryV1Capabilities } from './registry-v1-capabilities';
export type { RegistryV1CreateModelInput, RegistryV1Model } from './registry-v1-model';
export type { RegistryV1CreateVersionInput, RegistryV1Version } from './registry-v1-version';
