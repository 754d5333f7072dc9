import { InvalidArgumentError } from '../errors/invalid-argument-error';

const encoder = new TextEncoder();

/**
 * One chunk of a streamed artifact body as bytes: a `Uint8Array` (a Buffer included) as is, a
 * string as its UTF-8 bytes (what `Readable.from(['…'])` yields). Anything else is refused before a
 * byte is stored, since hashing or writing it would fail half-way or store the wrong bytes.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT (field `body`) for a chunk that is neither.
 */
export function artifactChunk(chunk: unknown, index: number): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return encoder.encode(chunk);
  throw new InvalidArgumentError({
    message: `Artifact body chunk ${index} is ${Array.isArray(chunk) ? 'an array' : chunk === null ? 'null' : `a ${typeof chunk}`}; stream Uint8Array (or string) chunks.`,
    field: 'body',
  });
}
