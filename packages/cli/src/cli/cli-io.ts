/** Somewhere the CLI writes text: `process.stdout`, `process.stderr`, or a buffer in tests. */
export interface CliStream {
  /** Writes text as is (no newline added). */
  write(text: string): unknown;
  /** Whether the stream is an interactive terminal: colour and progress bars only then. */
  readonly isTTY?: boolean;
}

/** The world a CLI invocation sees; tests pass their own. */
export interface CliIo {
  /** Normal output (tables, JSON). */
  readonly stdout: CliStream;
  /** Errors, warnings and progress bars. */
  readonly stderr: CliStream;
  /** Environment variables (`MLOOP_STORE`, `NO_COLOR`, `FORCE_COLOR`, `WANDB_API_KEY` …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory relative paths are resolved against. */
  readonly cwd: string;
  /** Ends long-running commands (`serve`, `ui`); they also end on SIGINT/SIGTERM when omitted. */
  readonly signal?: AbortSignal;
}

/** The real process's streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Resolves when `signal` aborts, or on SIGINT/SIGTERM when there is no signal. */
export function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
