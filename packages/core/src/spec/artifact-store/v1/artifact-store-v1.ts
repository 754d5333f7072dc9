/** What the store knows about a blob. */
export interface ArtifactV1Info {
  /** SHA-256 of the content, 64 lowercase hex digits: the blob's key. */
  readonly digest: string;
  /** Size in bytes. */
  readonly size: number;
}

/**
 * The body of a `put`: bytes, a string (stored as UTF-8), or a stream of chunks, each bytes or a
 * string (its UTF-8 bytes; `artifactChunk` in `@mloop/core` converts and checks one). A chunk of any
 * other type → `INVALID_ARGUMENT`, and nothing is stored.
 */
export type ArtifactV1Body = Uint8Array | string | AsyncIterable<Uint8Array | string>;

/**
 * A content-addressed blob store. Blobs are immutable and keyed by their SHA-256, so storing the
 * same content twice stores it once and a reader never sees a partial blob. Names and metadata
 * live where the blob is referenced (a run's artifact record, a model version), not here.
 */
export interface ArtifactStoreV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** Backend id, e.g. `'memory'`, `'sqlite'`. */
  readonly backend: string;
  /**
   * Stores a blob and returns its digest. Idempotent: the same content always gives the same
   * digest and is stored once. Acknowledged (resolved) puts survive a crash in persistent stores.
   */
  put(body: ArtifactV1Body): Promise<ArtifactV1Info>;
  /**
   * Reads a whole blob, verifying its digest.
   * @throws {NotFoundError} NOT_FOUND for an unknown digest.
   * @throws {SerializationError} SERIALIZATION when the stored bytes no longer match the digest.
   */
  get(digest: string): Promise<Uint8Array>;
  /**
   * Streams a blob in chunks. The digest is checked at the end of the stream; a mismatch makes
   * the iterator throw `SerializationError`.
   * @throws {NotFoundError} NOT_FOUND for an unknown digest.
   */
  open(digest: string): AsyncIterable<Uint8Array>;
  /** Size and digest, or `undefined` when the blob does not exist. */
  stat(digest: string): Promise<ArtifactV1Info | undefined>;
  /**
   * Removes a blob; removing a missing blob is a no-op. Callers must make sure nothing still
   * references it.
   */
  delete(digest: string): Promise<void>;
  /** Releases resources. Idempotent. */
  close?(): Promise<void>;
}
