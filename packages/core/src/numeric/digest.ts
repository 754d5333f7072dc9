import { createHash, type Hash } from 'node:crypto';

/** SHA-256 of bytes or a UTF-8 string, as 64 lowercase hex digits. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** True when `value` is a SHA-256 digest as mloop writes them (64 lowercase hex digits). */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** An incremental SHA-256 for streamed content. */
export function createSha256(): Hash {
  return createHash('sha256');
}
