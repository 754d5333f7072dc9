import type { Mloop } from '@mloop/core';
import type { Command } from 'commander';
import type { CliIo } from './cli-io';
import { openStore, parseStoreSpec, type StoreLocation } from './open-store';
import { type Colors, colorsFor } from './output';

/** What every command gets: the I/O, colours, and the store (opened on first use, closed at exit). */
export class CommandContext {
  /** Streams, environment, working directory. */
  readonly io: CliIo;
  /** Formatters for stdout (plain unless stdout is a terminal). */
  readonly out: Colors;
  /** Formatters for stderr. */
  readonly err: Colors;
  #store: Mloop | undefined;
  #location: StoreLocation | undefined;

  constructor(io: CliIo) {
    this.io = io;
    this.out = colorsFor(io.stdout, io.env);
    this.err = colorsFor(io.stderr, io.env);
  }

  /** Where the store is: `--store`, else `MLOOP_STORE`, else `.mloop`. */
  location(command: Command): StoreLocation {
    this.#location ??= parseStoreSpec(
      (command.optsWithGlobals() as { store?: string }).store ?? this.io.env.MLOOP_STORE,
      this.io.cwd,
    );
    return this.#location;
  }

  /** The store, opened once per invocation. */
  store(command: Command): Mloop {
    this.#store ??= openStore(this.location(command));
    return this.#store;
  }

  /** Writes a line to stdout. */
  print(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Writes a warning line to stderr. */
  warn(text: string): void {
    this.io.stderr.write(`${this.err.yellow('warning:')} ${text}\n`);
  }

  /** Closes the store when it was opened. */
  async close(): Promise<void> {
    await this.#store?.close();
    this.#store = undefined;
  }
}
