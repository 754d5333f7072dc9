export { explainWithTopFeatures } from './explain-with-top-features';
export {
  abBucket,
  createPredictor,
  type LiveMetrics,
  type LoadedVersion,
  type Prediction,
  Predictor,
  type PredictorEvents,
  type PredictorRow,
} from './predictor';
export {
  type Explainer,
  type PredictionRecord,
  type PredictorInputSpec,
  type PredictorOptions,
  predictorOptionsSchema,
  type TopFeature,
} from './predictor-options';
export { PrometheusRegistry } from './prometheus';
export { type ColumnsDriftDetector, rowsDriftCheck } from './rows-drift-check';
export { createServer, type MloopServer, type ServerExtras } from './server';
export { type ServerOptions, serverOptionsSchema } from './server-options';
