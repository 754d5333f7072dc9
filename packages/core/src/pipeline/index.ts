export {
  confusionMatrixSvg,
  type PipelineReportOptions,
  pipelineReport,
  type ReportConfusionMatrix,
} from './pipeline-report';
export {
  type PipelineSpec,
  type PipelineStage,
  type PipelineStageContext,
  pipelineSpecSchema,
  pipelineStageSchema,
  type ResolvedPipelineSpec,
} from './pipeline-spec';
export {
  loadPipelineFile,
  type PipelineStageResult,
  type PipelineSummary,
  pipelineOrder,
  type RunPipelineOptions,
  runPipeline,
} from './run-pipeline';
