export * from './errors';
export * from './numeric';
export type * from './spec';
export { MODEL_JSON_FORMAT, MODEL_JSON_FORMAT_VERSION } from './spec';
export { VERSION } from './version';
