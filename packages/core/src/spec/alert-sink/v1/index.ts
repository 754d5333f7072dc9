export type { AlertSinkV1, AlertV1 } from './alert-sink-v1';
