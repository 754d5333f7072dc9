/**
 * What an estimator is and accepts, as data. The common checks (`estimatorChecks`) read tags to
 * choose which checks apply, as scikit-learn's `__sklearn_tags__` does.
 */
export interface EstimatorV1Tags {
  /** The family; decides which methods exist and which checks run. */
  readonly estimatorType: 'classifier' | 'outlier-detector' | 'transformer' | 'regressor';
  /** Whether `fit` needs labels `y`. */
  readonly requiresY: boolean;
  /** True when outputs may differ between runs with the same seed (skips order/subset checks). */
  readonly nonDeterministic: boolean;
  /** Whether `NaN` in the input is accepted; when false, NaN → `INVALID_ARGUMENT`. */
  readonly allowNaN: boolean;
  /** The input the estimator takes: a dense matrix, text documents, or a sparse matrix. */
  readonly inputKind: 'matrix' | 'text' | 'sparse';
}
