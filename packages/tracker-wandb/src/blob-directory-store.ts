import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ArtifactStoreV1,
  type ArtifactV1Body,
  type ArtifactV1Info,
  BackendError,
  collectBody,
  InvalidArgumentError,
  NotFoundError,
  SerializationError,
} from '@mloop/core';

const DIGEST = /^[0-9a-f]{64}$/;
const CHUNK_SIZE = 64 * 1024;

/**
 * A content-addressed blob directory (`<dir>/<sha256>`): where offline mode keeps artifact bytes
 * so that `syncOfflineRuns` can upload them later. Writes go to a temporary file and are renamed
 * into place, so a reader never sees a partial blob.
 */
export class BlobDirectoryStore implements ArtifactStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'wandb';
  /** The directory. */
  readonly dir: string;
  #closed = false;

  /** @param dir Created when missing. */
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  #open(): void {
    if (this.#closed)
      throw new BackendError({ message: 'The W&B artifact store is closed.', backend: 'wandb', retryable: false });
  }

  #path(digest: string): string {
    if (typeof digest !== 'string' || !DIGEST.test(digest)) {
      throw new InvalidArgumentError({
        message: `Artifact digest must be 64 lowercase hex digits, got ${JSON.stringify(digest)}.`,
        field: 'digest',
      });
    }
    return join(this.dir, digest);
  }

  async put(body: ArtifactV1Body): Promise<ArtifactV1Info> {
    this.#open();
    const bytes = await collectBody(body);
    const digest = createHash('sha256').update(bytes).digest('hex');
    const path = join(this.dir, digest);
    if (!existsSync(path)) {
      const temporary = join(this.dir, `.tmp-${randomUUID()}`);
      writeFileSync(temporary, bytes);
      renameSync(temporary, path);
    }
    return { digest, size: bytes.length };
  }

  async get(digest: string): Promise<Uint8Array> {
    this.#open();
    const path = this.#path(digest);
    if (!existsSync(path))
      throw new NotFoundError({ message: `Artifact ${digest} does not exist.`, entity: 'artifact', id: digest });
    const bytes = new Uint8Array(readFileSync(path));
    if (createHash('sha256').update(bytes).digest('hex') !== digest) {
      throw new SerializationError({ message: `Artifact ${digest} is damaged: its bytes no longer match the digest.` });
    }
    return bytes;
  }

  async *open(digest: string): AsyncIterable<Uint8Array> {
    const bytes = await this.get(digest);
    for (let offset = 0; offset < bytes.length; offset += CHUNK_SIZE) yield bytes.subarray(offset, offset + CHUNK_SIZE);
  }

  async stat(digest: string): Promise<ArtifactV1Info | undefined> {
    this.#open();
    const path = this.#path(digest);
    if (!existsSync(path)) return undefined;
    return { digest, size: statSync(path).size };
  }

  async delete(digest: string): Promise<void> {
    this.#open();
    rmSync(this.#path(digest), { force: true });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
