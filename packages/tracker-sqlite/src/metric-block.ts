import { endianness } from 'node:os';
import { metricColumnsInHistoryOrder, type TrackerV1Metric, type TrackerV1MetricColumns } from '@mloop/core';

const littleEndian = endianness() === 'LE';

function swapBytes(bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; offset += 8) {
    for (let index = 0; index < 4; index++) {
      const tmp = bytes[offset + index];
      bytes[offset + index] = bytes[offset + 7 - index];
      bytes[offset + 7 - index] = tmp;
    }
  }
}

/**
 * Packs points of one key into a block: `count` values, then `count` steps, then `count`
 * timestamps, as little-endian doubles on every platform.
 */
export function encodeMetricBlock(points: readonly TrackerV1Metric[]): Buffer {
  const count = points.length;
  const doubles = new Float64Array(count * 3);
  for (let index = 0; index < count; index++) {
    const point = points[index];
    doubles[index] = point.value;
    doubles[count + index] = point.step;
    doubles[2 * count + index] = point.timestamp;
  }
  const bytes = new Uint8Array(doubles.buffer);
  if (!littleEndian) swapBytes(bytes);
  return Buffer.from(doubles.buffer, 0, bytes.length);
}

/** Appends the points of a block (see {@link encodeMetricBlock}) to `out`. */
export function decodeMetricBlock(key: string, data: Uint8Array, count: number, out: TrackerV1Metric[]): void {
  // Copy into an aligned buffer: SQLite hands out blobs at arbitrary offsets.
  const bytes = new Uint8Array(data.length);
  bytes.set(data);
  if (!littleEndian) swapBytes(bytes);
  const doubles = new Float64Array(bytes.buffer);
  for (let index = 0; index < count; index++) {
    out.push({ key, value: doubles[index], step: doubles[count + index], timestamp: doubles[2 * count + index] });
  }
}

/** Reads blocks straight into history-ordered columns (no object per point). */
export function decodeMetricColumns(
  key: string,
  blocks: readonly (readonly [number, Uint8Array])[],
): TrackerV1MetricColumns {
  let total = 0;
  for (const [count] of blocks) total += count;
  const values = new Float64Array(total);
  const steps = new Float64Array(total);
  const timestamps = new Float64Array(total);
  let offset = 0;
  for (const [count, data] of blocks) {
    const bytes = new Uint8Array(data.length);
    bytes.set(data);
    if (!littleEndian) swapBytes(bytes);
    const doubles = new Float64Array(bytes.buffer);
    values.set(doubles.subarray(0, count), offset);
    steps.set(doubles.subarray(count, 2 * count), offset);
    timestamps.set(doubles.subarray(2 * count, 3 * count), offset);
    offset += count;
  }
  return metricColumnsInHistoryOrder(key, values, steps, timestamps);
}
