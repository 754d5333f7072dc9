export type {
  ClassifierV1,
  EstimatorV1,
  EstimatorV1Class,
  EstimatorV1Input,
  ModelKindV1,
  OutlierDetectorV1,
  TransformerV1,
} from './estimator-v1';
export type { EstimatorV1Tags } from './estimator-v1-tags';
export { MODEL_JSON_FORMAT, MODEL_JSON_FORMAT_VERSION, type ModelJSONV1 } from './model-json-v1';
