import { createHash } from 'node:crypto';
import type { ArtifactStoreV1 } from '../spec/artifact-store/v1/artifact-store-v1';
import { check, checkEqual, checkThrowsCode } from './assert';
import type { ConformanceCheck } from './check';

/** What the artifact-store kit runs against. */
export interface ArtifactStoreKitSubject {
  /** Returns a fresh (or at least isolated) store for each check. */
  readonly create: () => ArtifactStoreV1 | Promise<ArtifactStoreV1>;
  /** Called after each check; default `store.close?.()`. */
  readonly dispose?: (store: ArtifactStoreV1) => Promise<void> | void;
}

function artifactCheck(
  id: string,
  description: string,
  body: (store: ArtifactStoreV1) => Promise<void>,
): ConformanceCheck<ArtifactStoreKitSubject> {
  return {
    id: `artifacts/${id}`,
    description,
    run: async (subject) => {
      const store = await subject.create();
      try {
        await body(store);
      } finally {
        await (subject.dispose ? subject.dispose(store) : store.close?.());
      }
    },
  };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function pseudoRandomBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let state = seed >>> 0;
  for (let index = 0; index < size; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[index] = state >>> 24;
  }
  return out;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * The artifact-store conformance kit: content addressing, idempotent puts, streaming,
 * not-found behaviour and immutability. Bind it with `describeArtifactStoreConformance`.
 */
export const artifactStoreChecks: readonly ConformanceCheck<ArtifactStoreKitSubject>[] = [
  artifactCheck('spec/shape', 'declares specificationVersion v1 and a backend id', async (store) => {
    checkEqual(store.specificationVersion, 'v1', 'specificationVersion');
    check(typeof store.backend === 'string' && store.backend.length > 0, 'backend must be a non-empty string');
  }),
  artifactCheck(
    'put/content-addressed',
    'put returns the SHA-256 of the content and its size; get returns the same bytes',
    async (store) => {
      const bytes = pseudoRandomBytes(1000, 1);
      const info = await store.put(bytes);
      checkEqual(info, { digest: sha256(bytes), size: 1000 }, 'info');
      checkEqual(Buffer.from(await store.get(info.digest)).equals(Buffer.from(bytes)), true, 'bytes round-trip');
    },
  ),
  artifactCheck(
    'put/string-and-stream',
    'a string is stored as UTF-8; a chunked stream equals the same bytes',
    async (store) => {
      const text = 'héllo, wörld ✓';
      const fromString = await store.put(text);
      checkEqual(fromString.digest, sha256(new TextEncoder().encode(text)), 'digest of a string');
      const bytes = pseudoRandomBytes(300_000, 2);
      const fromStream = await store.put(chunked(bytes, 7777));
      checkEqual(fromStream, { digest: sha256(bytes), size: bytes.length }, 'info of a stream');
    },
  ),
  artifactCheck(
    'put/idempotent',
    'putting the same content twice (even concurrently) gives the same digest',
    async (store) => {
      const bytes = pseudoRandomBytes(5000, 3);
      const results = await Promise.all([store.put(bytes), store.put(bytes), store.put(chunked(bytes, 100))]);
      checkEqual(new Set(results.map((info) => info.digest)).size, 1, 'distinct digests');
      checkEqual(Buffer.from(await store.get(results[0].digest)).equals(Buffer.from(bytes)), true, 'bytes');
    },
  ),
  artifactCheck(
    'put/stream-chunks',
    'a stream of strings stores their UTF-8 bytes; a chunk that is neither bytes nor a string → INVALID_ARGUMENT, nothing stored',
    async (store) => {
      const strings = async function* () {
        yield 'héllo, ';
        yield 'wörld';
      };
      const info = await store.put(strings());
      checkEqual(info.digest, sha256(new TextEncoder().encode('héllo, wörld')), 'digest of string chunks');
      checkEqual(new TextDecoder().decode(await store.get(info.digest)), 'héllo, wörld', 'bytes of string chunks');
      const bad = async function* () {
        yield new Uint8Array([1, 2, 3]);
        yield [4, 5, 6] as unknown as Uint8Array;
      };
      await checkThrowsCode(() => store.put(bad()), 'INVALID_ARGUMENT', 'an array chunk');
      checkEqual(await store.stat(sha256(new Uint8Array([1, 2, 3, 4, 5, 6]))), undefined, 'nothing stored');
      checkEqual(await store.stat(sha256(new Uint8Array([1, 2, 3]))), undefined, 'no partial blob');
    },
  ),
  artifactCheck('put/empty', 'an empty blob is valid', async (store) => {
    const info = await store.put(new Uint8Array(0));
    checkEqual(info, { digest: sha256(new Uint8Array(0)), size: 0 }, 'info');
    checkEqual((await store.get(info.digest)).length, 0, 'length');
  }),
  artifactCheck(
    'put/immutable',
    'changing the caller’s buffer after put does not change the stored blob',
    async (store) => {
      const bytes = pseudoRandomBytes(64, 4);
      const original = bytes.slice();
      const info = await store.put(bytes);
      bytes.fill(0);
      const read = await store.get(info.digest);
      read.fill(1);
      checkEqual(Buffer.from(await store.get(info.digest)).equals(Buffer.from(original)), true, 'stored bytes');
    },
  ),
  artifactCheck('open/streams', 'open streams exactly the stored bytes', async (store) => {
    const bytes = pseudoRandomBytes(1_000_003, 5);
    const info = await store.put(bytes);
    checkEqual(Buffer.from(await collect(store.open(info.digest))).equals(Buffer.from(bytes)), true, 'streamed bytes');
  }),
  artifactCheck('stat', 'stat gives size and digest, or undefined for a missing blob', async (store) => {
    const info = await store.put('abc');
    checkEqual(await store.stat(info.digest), { digest: info.digest, size: 3 }, 'stat');
    checkEqual(await store.stat('0'.repeat(64)), undefined, 'stat of a missing blob');
  }),
  artifactCheck('missing', 'get and open of an unknown digest → NOT_FOUND', async (store) => {
    await checkThrowsCode(() => store.get('0'.repeat(64)), 'NOT_FOUND', 'get');
    await checkThrowsCode(() => collect(store.open('0'.repeat(64))), 'NOT_FOUND', 'open');
  }),
  artifactCheck('delete', 'delete removes a blob; deleting a missing blob is a no-op', async (store) => {
    const info = await store.put('to be deleted');
    await store.delete(info.digest);
    checkEqual(await store.stat(info.digest), undefined, 'stat after delete');
    await store.delete(info.digest);
    await checkThrowsCode(() => store.get(info.digest), 'NOT_FOUND', 'get after delete');
  }),
];
