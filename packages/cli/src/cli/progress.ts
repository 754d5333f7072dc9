import cliProgress from 'cli-progress';
import type { CliStream } from './cli-io';

/** A progress bar that draws only on a terminal and is a no-op elsewhere (pipes, CI, tests). */
export interface Progress {
  /** Moves to `value` of the total, with a short label of the current step. */
  update(value: number, step: string): void;
  /** Removes the bar. */
  stop(): void;
}

/** Starts a progress bar of `total` steps on `stream` (cli-progress), when it is a terminal. */
export function startProgress(stream: CliStream, total: number, label: string): Progress {
  if (stream.isTTY !== true || total <= 0) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: `${label} {bar} {value}/{total} {step}`,
      hideCursor: true,
      clearOnComplete: true,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
  return {
    update(value, step) {
      bar.update(value, { step });
    },
    stop() {
      bar.stop();
    },
  };
}
