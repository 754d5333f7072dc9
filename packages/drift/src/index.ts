// Column tests (functions on sorted samples / aligned counts)

// Classification quality, prediction and target drift
export {
  type ClassificationBatch,
  type ClassificationMetrics,
  type ClassificationQuality,
  type ClassificationQualityOptions,
  classificationQuality,
} from './classification/classification-quality';
// Columns
export {
  type CleanCategorical,
  type CleanNumeric,
  type ColumnValue,
  type ColumnValues,
  cleanCategorical,
  cleanNumeric,
} from './column/clean';
export {
  ColumnDriftDetector,
  type ColumnDriftDetectorParams,
  columnDriftDetectorParamsSchema,
} from './column/column-drift-detector';
export {
  type CategoricalColumnProfile,
  type ColumnProfile,
  type ColumnProfileJSON,
  categoricalProfile,
  columnProfileFromJSON,
  columnProfileJSONSchema,
  columnProfileToJSON,
  type NumericColumnProfile,
  numericProfile,
  profileSize,
} from './column/column-profile';
export {
  type ColumnTestOutcome,
  type ColumnTestSettings,
  type NotTestedReason,
  testColumnProfiles,
} from './column/column-test';
export {
  chooseStatTest,
  distinctCombined,
  evidentlyBinning,
  isDrift,
  keyedBinning,
  runStatTest,
  STAT_TEST_NAMES,
  STAT_TESTS,
  type StatTestInfo,
  type StatTestName,
  type StatTestOutcome,
} from './column/stat-tests';
// Datasets
export {
  type ColumnTable,
  type DriftColumnType,
  type DriftData,
  digestColumnTable,
  inferColumnType,
  isDataset,
  type TableView,
  tableView,
} from './dataset/column-table';
export {
  type ColumnDriftEntry,
  DataDriftDetector,
  type DatasetDriftResult,
  type DatasetInfo,
  type FittedColumnProfile,
  type ReferenceProfileJSON,
  referenceProfileJSONSchema,
  summarizeColumns,
} from './dataset/data-drift-detector';
export {
  type DataDriftOptions,
  dataDriftOptionsSchema,
  driftColumnTypeSchema,
  type ResolvedDataDriftOptions,
  statTestNameSchema,
} from './dataset/data-drift-options';
export { type ColumnHistogram, columnHistogram, columnHistogramSchema, MAX_HISTOGRAM_KEYS } from './dataset/histogram';
export { EmptyColumnError } from './errors';
// Multivariate drift
export { type ChunkingOptions, chunkingSchema, chunkRanges } from './multivariate/chunking';
export {
  encodeTable,
  fitTableEncoder,
  type MultivariateData,
  type TableEncoder,
  tableEncoderSchema,
} from './multivariate/encode-table';
export {
  MmdDrift,
  type MmdDriftOptions,
  medianHeuristicSigma,
  mmd2Unbiased,
  mmdDriftOptionsSchema,
} from './multivariate/mmd-drift';
export {
  PcaReconstructionDrift,
  type PcaReconstructionOptions,
  pcaReconstructionOptionsSchema,
  type ReconstructionChunk,
} from './multivariate/pca-reconstruction-drift';
// Worker threads
export {
  type DataDriftInWorkersOptions,
  type DataDriftInWorkersResult,
  dataDriftInWorkers,
} from './parallel/data-drift-in-workers';
// Reports
export {
  createDriftReport,
  DRIFT_REPORT_FORMAT,
  DRIFT_REPORT_VERSION,
  type DriftReport,
  type DriftReportColumn,
  type DriftReportExtras,
  driftReportColumnSchema,
  driftReportSchema,
  fromReportNumber,
  parseDriftReport,
  type ReportNumber,
  reportNumberSchema,
  type TextDriftSection,
  textDriftSectionSchema,
  toReportNumber,
} from './report/drift-report';
export { type DriftReportHtmlOptions, renderDriftReportHtml } from './report/drift-report-html';
export { compareCodePoints } from './stats/compare-code-points';
export { kolmogorovCdf, kolmogorovLimitSf, kolmogorovSf, smirnov } from './stats/kolmogorov';
export { sortFloat64 } from './stats/sort';
export { chi2Sf, logGamma, regularizedGammaQ } from './stats/special';
export {
  ANDERSON_LEVELS,
  type AndersonResult,
  andersonDarlingKSampleSorted,
} from './stattests/anderson-darling';
export {
  alignCounts,
  type Binning,
  binNumeric,
  compareKeys,
  countDistinctSorted,
  countSorted,
  histogramSorted,
  type KeyedCounts,
  type SortedCounts,
  searchSorted,
  sturgesEdges,
  toPercents,
} from './stattests/binning';
export { type ChiSquareResult, chiSquareContingency, chiSquareGoodnessOfFit } from './stattests/chi-square';
export { jensenShannonDistance } from './stattests/jensen-shannon';
export {
  KS_MAX_AUTO_N,
  type KsExact,
  type KsStatistic,
  type KsTestResult,
  ksAsympPValue,
  ksExactPValue,
  ksLimitPValue,
  ksStatisticSorted,
  ksTestSorted,
} from './stattests/ks';
export { fillZeroes, populationStabilityIndex, psiBand } from './stattests/psi';
export { populationStd, WASSERSTEIN_MIN_NORM, wassersteinDistanceSorted } from './stattests/wasserstein';
export { type ZTestResult, zTestTwoProportions } from './stattests/z-test';
// Streaming detectors
export { Adwin, type AdwinParams, adwinParamsSchema } from './streaming/adwin';
export { Ddm, type DdmParams, ddmParamsSchema } from './streaming/ddm';
export { Eddm, type EddmParams, eddmParamsSchema } from './streaming/eddm';
export { Kswin, type KswinParams, type KswinSampler, kswinParamsSchema } from './streaming/kswin';
export { PageHinkley, type PageHinkleyParams, pageHinkleyParamsSchema } from './streaming/page-hinkley';
// Text drift
export {
  type DomainClassifierResult,
  type DomainClassifierSettings,
  domainClassifierDrift,
} from './text/domain-classifier';
export { type TextBatch, TextDriftDetector, type TextDriftResult } from './text/text-drift-detector';
export { type TextDriftParams, textDriftParamsSchema } from './text/text-drift-params';
export { type CorpusStats, corpusStats, corpusTerms } from './text/text-profile';
export { compareTerms, tokenizeTerms } from './text/tokenize-terms';
export {
  cosineDistance,
  type EmergingTerm,
  type EmergingTermRules,
  emergingTerms,
  fitReferenceTfidf,
  jaccard,
  oovRates,
  type ReferenceTfidf,
  termJsDistance,
  tfidfCentroid,
  topTerms,
} from './text/vocabulary-measures';
