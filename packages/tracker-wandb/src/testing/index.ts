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
} from './fake-wandb-server';
