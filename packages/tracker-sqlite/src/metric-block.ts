import { endianness } from 'node:os';
import {
  metricColumnsInHistoryOrder,
  sortMetricHistory,
  type TrackerV1Metric,
  type TrackerV1MetricColumns,
} from '@mloop/core';

const littleEndian = endianness() === 'LE';

/** A stored block as read back: its point count and its packed bytes. */
export type MetricBlockRow = readonly [count: number, data: Uint8Array];

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

/** Concatenates blocks into three columns, in insertion order. */
function decodeColumns(blocks: readonly MetricBlockRow[]): {
  values: Float64Array;
  steps: Float64Array;
  timestamps: Float64Array;
} {
  let total = 0;
  for (const [count] of blocks) total += count;
  const values = new Float64Array(total);
  const steps = new Float64Array(total);
  const timestamps = new Float64Array(total);
  let offset = 0;
  for (const [count, data] of blocks) {
    // Copy into an aligned buffer: SQLite hands out blobs at arbitrary offsets.
    const bytes = new Uint8Array(data.length);
    bytes.set(data);
    if (!littleEndian) swapBytes(bytes);
    const doubles = new Float64Array(bytes.buffer);
    values.set(doubles.subarray(0, count), offset);
    steps.set(doubles.subarray(count, 2 * count), offset);
    timestamps.set(doubles.subarray(2 * count, 3 * count), offset);
    offset += count;
  }
  return { values, steps, timestamps };
}

/** Reads blocks straight into history-ordered columns (no object per point). */
export function decodeMetricColumns(key: string, blocks: readonly MetricBlockRow[]): TrackerV1MetricColumns {
  const { values, steps, timestamps } = decodeColumns(blocks);
  return metricColumnsInHistoryOrder(key, values, steps, timestamps);
}

/** Reads blocks into history-ordered points (one object per point, built from the columns). */
export function decodeMetricHistory(key: string, blocks: readonly MetricBlockRow[]): TrackerV1Metric[] {
  const { values, steps, timestamps } = decodeColumns(blocks);
  const out: TrackerV1Metric[] = new Array(values.length);
  for (let index = 0; index < out.length; index++) {
    out[index] = { key, value: values[index], step: steps[index], timestamp: timestamps[index] };
  }
  return sortMetricHistory(out);
}
