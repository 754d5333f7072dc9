export type {
  DatasetV1,
  DatasetV1Column,
  DatasetV1ColumnSpec,
  DatasetV1ColumnType,
  DatasetV1Ref,
  DatasetV1Row,
  DatasetV1Schema,
} from './dataset-v1';
