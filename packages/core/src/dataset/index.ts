export { Dataset } from './dataset';
export { computeDatasetDigest, DATASET_DIGEST_FORMAT } from './dataset-digest';
export {
  type DatasetColumnSpecInput,
  type DatasetCsvOptions,
  type DatasetOptions,
  type DatasetSchemaInput,
  DEFAULT_MISSING_VALUES,
} from './dataset-options';
export {
  type DatasetKFoldOptions,
  type DatasetSplit,
  type DatasetSplitOptions,
  stratifiedKFold,
  trainTestSplit,
} from './dataset-split';
export { datasetLabels, datasetToMatrix, type MatrixColumnSpec } from './dataset-to-matrix';
export { readCsvFile, readJsonlFile } from './read-dataset-file';
export {
  type SplitIndices,
  type StratifiedKFoldOptions,
  splitIndices,
  stratifiedKFoldIndices,
  type TrainTestSplitOptions,
} from './split';
