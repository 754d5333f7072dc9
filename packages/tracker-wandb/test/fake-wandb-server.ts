/** The fake W&B server lives in `src/testing` so that `@mloop/tracker-wandb/testing` can offer it to other packages (the CLI's sync tests). */
export {
  type ChaosOptions,
  type FakeArtifact,
  type FakeFault,
  type FakePortfolio,
  type FakeRoute,
  type FakeRun,
  FakeWandbServer,
  type FakeWandbServerOptions,
  type FaultRule,
  type RecordedRequest,
  startFakeWandbServer,
} from '../src/testing/fake-wandb-server';
