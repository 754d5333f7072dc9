/**
 * A mistake in how the command was called (a bad option value, a missing argument): exit code 2
 * and a usage hint, as commander does for its own parse errors.
 */
export class CliUsageError extends Error {
  /** The command whose `--help` the hint points at, e.g. `'promote'`. */
  readonly command: string | undefined;

  /**
   * @param message One line saying what is wrong.
   * @param command The command to point `--help` at.
   */
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'CliUsageError';
    this.command = command;
  }
}

/** The command ran and failed in an expected way (drift found with `--fail-on-drift`, a gated pipeline …): exit 1, message already printed or given. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}
