import { BackendError } from '../errors/backend-error';
import { NotFoundError } from '../errors/not-found-error';
import { createSha256 } from '../numeric/digest';
import { artifactChunk } from '../shared/artifact-chunk';
import type { ArtifactStoreV1, ArtifactV1Body, ArtifactV1Info } from '../spec/artifact-store/v1/artifact-store-v1';

/** Reads any artifact body into one byte array. */
export async function collectBody(body: ArtifactV1Body): Promise<Uint8Array> {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const raw of body) {
    const chunk = artifactChunk(raw, chunks.length);
    chunks.push(chunk);
    size += chunk.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const CHUNK_SIZE = 64 * 1024;

/** The in-memory reference artifact store: content-addressed, copy-on-write. */
export class MemoryArtifactStore implements ArtifactStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly backend = 'memory';
  readonly #blobs = new Map<string, Uint8Array>();
  #closed = false;

  #open(): void {
    if (this.#closed)
      throw new BackendError({ message: 'The memory artifact store is closed.', backend: 'memory', retryable: false });
  }

  async put(body: ArtifactV1Body): Promise<ArtifactV1Info> {
    this.#open();
    // Copy so later mutation of the caller's buffer cannot change a stored blob.
    const bytes = (await collectBody(body)).slice();
    const digest = createSha256().update(bytes).digest('hex');
    if (!this.#blobs.has(digest)) this.#blobs.set(digest, bytes);
    return { digest, size: bytes.length };
  }

  #blob(digest: string): Uint8Array {
    this.#open();
    const blob = this.#blobs.get(digest);
    if (!blob)
      throw new NotFoundError({ message: `Artifact ${digest} does not exist.`, entity: 'artifact', id: digest });
    return blob;
  }

  async get(digest: string): Promise<Uint8Array> {
    return this.#blob(digest).slice();
  }

  async *open(digest: string): AsyncIterable<Uint8Array> {
    const blob = this.#blob(digest);
    for (let offset = 0; offset < blob.length; offset += CHUNK_SIZE) {
      yield blob.slice(offset, offset + CHUNK_SIZE);
    }
  }

  async stat(digest: string): Promise<ArtifactV1Info | undefined> {
    this.#open();
    const blob = this.#blobs.get(digest);
    return blob ? { digest, size: blob.length } : undefined;
  }

  async delete(digest: string): Promise<void> {
    this.#open();
    this.#blobs.delete(digest);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

/** Creates an in-memory artifact store. */
export function createMemoryArtifactStore(): MemoryArtifactStore {
  return new MemoryArtifactStore();
}
