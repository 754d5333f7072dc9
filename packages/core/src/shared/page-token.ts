import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** Default and maximum page sizes of every listing. */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest page size a listing accepts. */
export const MAX_PAGE_SIZE = 10_000;

/**
 * Checks a page size (default 100, 1 … 10,000).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT otherwise.
 */
export function resolvePageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new InvalidArgumentError({
      message: `pageSize must be an integer in [1, ${MAX_PAGE_SIZE}], got ${pageSize}.`,
      field: 'pageSize',
    });
  }
  return pageSize;
}

/**
 * Encodes a keyset cursor: the position after which the next page starts, bound to the query it
 * came from (`fingerprint`) so a token cannot be replayed against another query.
 */
export function encodePageToken(fingerprint: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, p: position }, spellNonFinite), 'utf8').toString('base64url');
}

/**
 * A JSON.stringify replacer spelling ±Infinity and NaN as `{"$num": "Infinity"}`: JSON would write
 * null, and a page ending on such a value would then resume from the wrong place.
 */
export function spellNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { $num: String(value) } : value;
}

function readNonFinite(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const spelled = (value as { $num?: unknown }).$num;
  return Object.keys(value).length === 1 && (spelled === 'Infinity' || spelled === '-Infinity' || spelled === 'NaN')
    ? Number(spelled)
    : value;
}

/**
 * Decodes a token made by {@link encodePageToken} for the same query.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT for a malformed token or one from another query.
 */
export function decodePageToken(token: string, fingerprint: string): unknown {
  let parsed: { f?: unknown; p?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'), readNonFinite);
  } catch {
    throw new InvalidArgumentError({
      message: 'pageToken is malformed; pass the nextPageToken of the previous page.',
      field: 'pageToken',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || parsed.f !== fingerprint) {
    throw new InvalidArgumentError({
      message: 'pageToken belongs to a different query; restart paging without a token.',
      field: 'pageToken',
    });
  }
  return parsed.p;
}
