import { InvalidArgumentError } from '@mloop/core';
import { z } from 'zod';

/** How rows are cut into chunks (NannyML's size- and count-based chunkers). */
export const chunkingSchema = z.object({
  /** Rows per chunk. */
  chunkSize: z.number().int().positive().optional(),
  /** Number of chunks (`chunkSize = rows // chunkNumber`). Ignored when `chunkSize` is set. */
  chunkNumber: z.number().int().positive().optional(),
  /** What to do with a last, smaller chunk: keep it, append it to the previous chunk, or drop it. Default `'keep'`. */
  incomplete: z.union([z.literal('keep'), z.literal('append'), z.literal('drop')]).default('keep'),
});

/** Chunking options as given. */
export type ChunkingOptions = z.input<typeof chunkingSchema>;

/** Half-open row ranges `[start, end)`. */
export function chunkRanges(rows: number, options: z.output<typeof chunkingSchema>): [number, number][] {
  const size = options.chunkSize ?? Math.floor(rows / (options.chunkNumber ?? 10));
  if (size <= 0) {
    throw new InvalidArgumentError({
      message: `Cannot cut ${rows} rows into chunks (chunk size ${size}). Give chunkSize, or at least ${options.chunkNumber ?? 10} rows.`,
      field: 'chunkSize',
    });
  }
  const ranges: [number, number][] = [];
  for (let start = 0; start + size <= rows; start += size) ranges.push([start, start + size]);
  const covered = ranges.length * size;
  if (covered < rows) {
    if (options.incomplete === 'keep' || ranges.length === 0) ranges.push([covered, rows]);
    else if (options.incomplete === 'append') (ranges[ranges.length - 1] as [number, number])[1] = rows;
  }
  return ranges;
}
