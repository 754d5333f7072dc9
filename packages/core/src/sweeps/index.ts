export { type BayesObservation, type BayesSuggestionInfo, suggestBayes } from './bayes-search';
export { type EarlyTerminate, hyperbandBands, shouldStopTrial } from './early-terminate';
export { type FittedGaussianProcess, fitGaussianProcess, LENGTH_SCALE_BOUNDS } from './gaussian-process';
export { type SweepDimension, SweepSpace, valuesKey } from './parameter-space';
export {
  bestRun,
  bestTrial,
  type RegisterBestOptions,
  type RunSweepOptions,
  registerBest,
  runSweep,
  SWEEP_TAGS,
  type SweepResult,
  type SweepTrial,
  type SweepTrialContext,
  type SweepTrialResult,
} from './sweep';
export {
  type ResolvedSweepConfig,
  type SweepConfig,
  type SweepParameter,
  type SweepValue,
  sweepConfigSchema,
  sweepParameterSchema,
} from './sweep-config';
