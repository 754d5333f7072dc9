import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { NotFoundError } from '../errors/not-found-error';
import { Dataset } from './dataset';
import type { DatasetCsvOptions, DatasetOptions } from './dataset-options';

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidArgumentError({ message: `${what}(path) takes a non-empty file path.`, field: 'path' });
  }
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new NotFoundError({ message: `${what}: no file at ${path}.`, entity: 'file', id: path, cause: error });
    }
    throw new InvalidArgumentError({
      message: `${what}: cannot read ${path} (${code ?? (error as Error).message}).`,
      field: 'path',
      cause: error,
    });
  }
}

/** The file's base name without extension, the default dataset name for a file. */
function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/**
 * Reads a CSV file into a {@link Dataset} (see {@link Dataset.fromCsv} for the parsing rules); the
 * name defaults to the file's base name.
 * @throws {NotFoundError} NOT_FOUND when there is no file at `path`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the file cannot be read or does not parse
 *   (the message names the line and column).
 * @example
 * const shuttle = await readCsvFile('../shared/data/shuttle/shuttle-odds.csv', { label: 'label' });
 */
export async function readCsvFile(path: string, options: DatasetCsvOptions = {}): Promise<Dataset> {
  const bytes = await readBytes(path, 'readCsvFile');
  return Dataset.fromCsv(bytes, { name: baseName(path), ...options });
}

/**
 * Reads a JSON Lines file into a {@link Dataset} (see {@link Dataset.fromJsonl}); the name
 * defaults to the file's base name.
 * @throws {NotFoundError} NOT_FOUND when there is no file at `path`.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when the file cannot be read or a line does not parse.
 * @example
 * const messages = await readJsonlFile('messages.jsonl', { schema: { text: { type: 'text' } }, label: 'label' });
 */
export async function readJsonlFile(path: string, options: DatasetOptions = {}): Promise<Dataset> {
  const bytes = await readBytes(path, 'readJsonlFile');
  return Dataset.fromJsonl(bytes, { name: baseName(path), ...options });
}
