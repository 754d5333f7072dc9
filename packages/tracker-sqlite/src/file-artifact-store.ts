import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type ArtifactStoreV1,
  type ArtifactV1Body,
  type ArtifactV1Info,
  artifactChunk,
  BackendError,
  InvalidArgumentError,
  isSha256Hex,
  NotFoundError,
  SerializationError,
} from '@mloop/core';

/**
 * A content-addressed artifact directory: blob `abcdef…` lives at `ab/cdef…`. A put streams into a
 * temporary file while hashing, fsyncs it, renames it into place and fsyncs the directory, so a
 * reader (or a crash) never sees a partial blob. Reads verify the digest.
 */
export class FileArtifactStore implements ArtifactStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'sqlite';
  /** The directory holding the blobs. */
  readonly dir: string;
  readonly #durable: boolean;
  /** Directories this store has made, so a put does not ask the file system again each time. */
  readonly #directories = new Set<string>();
  #closed = false;

  /**
   * @param dir The artifact directory; created when missing.
   * @param options `durable` (default true) fsyncs each blob and its directory, so an acknowledged
   *   put survives power loss; without it a put survives process crashes (the rename is still atomic).
   */
  constructor(dir: string, options: { durable?: boolean } = {}) {
    this.dir = dir;
    this.#durable = options.durable ?? true;
  }

  #open(): void {
    if (this.#closed)
      throw new BackendError({
        message: `The artifact store at ${this.dir} is closed.`,
        backend: 'sqlite',
        retryable: false,
      });
  }

  /** The path of a blob, after checking the digest's shape (so no path can escape the directory). */
  pathOf(digest: string): string {
    if (!isSha256Hex(digest)) {
      throw new InvalidArgumentError({
        message: `"${String(digest).slice(0, 80)}" is not a SHA-256 digest (64 lowercase hex digits).`,
        field: 'digest',
      });
    }
    return join(this.dir, digest.slice(0, 2), digest.slice(2));
  }

  async put(body: ArtifactV1Body): Promise<ArtifactV1Info> {
    this.#open();
    const tmp = join(this.dir, 'tmp', `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const file = await this.#inDirectory(tmp, () => open(tmp, 'wx'));
    try {
      const writeAll = async (chunk: Uint8Array) => {
        let offset = 0;
        while (offset < chunk.length) offset += (await file.write(chunk, offset, chunk.length - offset)).bytesWritten;
      };
      const write = async (chunk: Uint8Array) => {
        size += chunk.length;
        // Hash on this thread while the write runs on the I/O pool; neither changes the chunk, and
        // the chunk is known to be bytes, so hashing cannot throw and leave the write unawaited.
        const written = writeAll(chunk);
        hash.update(chunk);
        await written;
      };
      if (typeof body === 'string') await write(Buffer.from(body, 'utf8'));
      else if (body instanceof Uint8Array) await write(body);
      else {
        let index = 0;
        for await (const chunk of body) await write(artifactChunk(chunk, index++));
      }
      if (this.#durable) await file.sync();
    } catch (error) {
      await file.close().catch(() => {});
      await rm(tmp, { force: true });
      throw error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')
        ? new BackendError({
            message: `Writing an artifact into ${this.dir} failed: ${error.message}`,
            backend: 'sqlite',
            retryable: error.code === 'EAGAIN' || error.code === 'EBUSY',
            cause: error,
          })
        : error;
    }
    await file.close();
    const digest = hash.digest('hex');
    const target = this.pathOf(digest);
    // rename is atomic; if the blob already exists the content is identical, so replacing it is harmless.
    await this.#inDirectory(target, () => rename(tmp, target));
    if (this.#durable) await syncDirectory(dirname(target));
    return { digest, size };
  }

  /** Runs an operation that creates `path`, making its directory the first time, and again if it has since vanished. */
  async #inDirectory<T>(path: string, operation: () => Promise<T>): Promise<T> {
    const directory = dirname(path);
    if (!this.#directories.has(directory)) {
      await this.#makeDirectory(directory);
      this.#directories.add(directory);
    }
    try {
      return await operation();
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      await this.#makeDirectory(directory);
      return operation();
    }
  }

  /** mkdir -p, and (when durable) fsync the parent of every directory it created, so the new entries survive power loss. */
  async #makeDirectory(directory: string): Promise<void> {
    const created = await mkdir(directory, { recursive: true });
    if (created === undefined || !this.#durable) return;
    for (let path = directory; ; path = dirname(path)) {
      await syncDirectory(dirname(path));
      if (path === created || dirname(path) === path) break;
    }
  }

  async get(digest: string): Promise<Uint8Array> {
    this.#open();
    const path = this.pathOf(digest);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw notFoundOr(error, digest);
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== digest) throw corrupted(path, digest, actual);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  async *open(digest: string): AsyncIterable<Uint8Array> {
    this.#open();
    const path = this.pathOf(digest);
    try {
      await stat(path);
    } catch (error) {
      throw notFoundOr(error, digest);
    }
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
    const actual = hash.digest('hex');
    if (actual !== digest) throw corrupted(path, digest, actual);
  }

  async stat(digest: string): Promise<ArtifactV1Info | undefined> {
    this.#open();
    try {
      return { digest, size: (await stat(this.pathOf(digest))).size };
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(digest: string): Promise<void> {
    this.#open();
    await rm(this.pathOf(digest), { force: true });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

async function syncDirectory(path: string): Promise<void> {
  // Makes the rename itself durable; not every platform allows opening a directory.
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

function notFoundOr(error: unknown, digest: string): Error {
  if ((error as { code?: string }).code === 'ENOENT') {
    return new NotFoundError({ message: `Artifact ${digest} does not exist.`, entity: 'artifact', id: digest });
  }
  return new BackendError({
    message: `Reading artifact ${digest} failed: ${(error as Error).message}`,
    backend: 'sqlite',
    retryable: false,
    cause: error,
  });
}

function corrupted(path: string, expected: string, actual: string): SerializationError {
  return new SerializationError({
    message: `Artifact ${path} is corrupted: its content hashes to ${actual}, not ${expected}.`,
    kind: 'artifact',
  });
}
