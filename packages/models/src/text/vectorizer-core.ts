import { type CsrMatrix, InvalidArgumentError } from '@mloop/core';
import type { Analyzer } from './analyzer';

/** Compares strings by Unicode code point, as Python's `sorted` does (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (D800–DFFF) encode code points above FFFF, so they sort after E000–FFFF.
      const fx = x >= 0xd800 ? (x >= 0xe000 ? x - 0x800 : x + 0x2000) : x;
      const fy = y >= 0xd800 ? (y >= 0xe000 ? y - 0x800 : y + 0x2000) : y;
      return fx - fy;
    }
  }
  return a.length - b.length;
}

/**
 * Validates a list of documents at the API boundary.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when it is not a non-empty array of strings.
 */
export function checkDocuments(documents: unknown, estimator: string, name = 'x'): readonly string[] {
  if (!Array.isArray(documents)) {
    throw new InvalidArgumentError({
      message: `${estimator}: ${name} must be an array of strings (documents), got ${documents === null ? 'null' : typeof documents}.`,
      field: name,
    });
  }
  if (documents.length === 0) {
    throw new InvalidArgumentError({
      message: `${estimator}: ${name} is empty; at least one document is needed.`,
      field: name,
    });
  }
  for (let i = 0; i < documents.length; i++) {
    if (typeof documents[i] !== 'string') {
      throw new InvalidArgumentError({
        message: `${estimator}: ${name}[${i}] is ${documents[i] === null ? 'null' : typeof documents[i]}, expected a string.`,
        field: `${name}[${i}]`,
      });
    }
  }
  return documents as readonly string[];
}

/** Raw term counts: CSR parts with column indices sorted within each row. */
export interface TermCounts {
  /** Row pointers. */
  readonly indptr: Int32Array;
  /** Column of each entry. */
  readonly indices: Int32Array;
  /** Count of each entry (or 1 when binary). */
  readonly data: Float64Array;
}

/**
 * Counts the features of each document against a fixed vocabulary (terms outside it are
 * ignored). Rows come out with sorted column indices.
 */
export function countWithVocabulary(
  documents: readonly string[],
  analyze: Analyzer,
  vocabulary: ReadonlyMap<string, number>,
  binary: boolean,
): TermCounts {
  const indptr = new Int32Array(documents.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  let ids = new Int32Array(64);
  for (let d = 0; d < documents.length; d++) {
    const features = analyze(documents[d]);
    if (features.length > ids.length) ids = new Int32Array(Math.max(features.length, ids.length * 2));
    let found = 0;
    for (let t = 0; t < features.length; t++) {
      const id = vocabulary.get(features[t]);
      if (id !== undefined) ids[found++] = id;
    }
    // Sorting the ids gives sorted columns and makes repeats adjacent, to be run-length counted.
    const row = ids.subarray(0, found).sort();
    let k = 0;
    while (k < found) {
      const id = row[k];
      let count = 1;
      while (k + count < found && row[k + count] === id) count++;
      indices.push(id);
      values.push(binary ? 1 : count);
      k += count;
    }
    indptr[d + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), data: Float64Array.from(values) };
}

/** The document-frequency and size limits of a learned vocabulary. */
export interface VocabularyLimits {
  /** `minDf` param: an integer count, or a share of documents when fractional. */
  readonly minDf: number;
  /** `maxDf` param: a share of documents when ≤ 1, else an integer count. */
  readonly maxDf: number;
  /** `maxFeatures` param. */
  readonly maxFeatures: number | null;
  /** `binary` param. */
  readonly binary: boolean;
}

/** A learned vocabulary (terms in column order, sorted by code point) and the training counts. */
export interface LearnedVocabulary {
  /** Terms in column order. */
  readonly terms: string[];
  /** The training documents' counts over `terms`. */
  readonly counts: TermCounts;
}

/**
 * Learns the vocabulary as scikit-learn's `CountVectorizer._count_vocab` + `_limit_features` +
 * `_sort_features`: every feature seen, sorted by code point, then terms outside
 * [`minDf`, `maxDf`] documents dropped, then the `maxFeatures` most frequent kept (ties by column,
 * i.e. alphabetically: scikit-learn's unstable argsort leaves that order unspecified).
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when no term is found or none survives pruning.
 */
export function learnVocabulary(
  documents: readonly string[],
  analyze: Analyzer,
  limits: VocabularyLimits,
  estimator: string,
): LearnedVocabulary {
  const provisional = new Map<string, number>();
  const firstSeen: string[] = [];
  const indptr = new Int32Array(documents.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  // Per-term scratch for counting within one document without a per-document map.
  const lastDocument: number[] = [];
  const slot: number[] = [];
  for (let d = 0; d < documents.length; d++) {
    const features = analyze(documents[d]);
    for (let t = 0; t < features.length; t++) {
      const feature = features[t];
      let id = provisional.get(feature);
      if (id === undefined) {
        id = firstSeen.length;
        provisional.set(feature, id);
        firstSeen.push(feature);
        lastDocument.push(-1);
        slot.push(0);
      }
      if (lastDocument[id] === d) {
        values[slot[id]]++;
      } else {
        lastDocument[id] = d;
        slot[id] = values.length;
        indices.push(id);
        values.push(1);
      }
    }
    indptr[d + 1] = indices.length;
  }
  if (firstSeen.length === 0) {
    throw new InvalidArgumentError({
      message: `${estimator}: empty vocabulary; the documents contain no tokens (or only stop words).`,
      field: 'x',
    });
  }
  if (limits.binary) values.fill(1);

  const nTerms = firstSeen.length;
  const nDocuments = documents.length;
  const documentFrequency = new Float64Array(nTerms);
  const totalCount = new Float64Array(nTerms);
  for (let k = 0; k < indices.length; k++) {
    documentFrequency[indices[k]]++;
    totalCount[indices[k]] += values[k];
  }
  const maxCount = limits.maxDf <= 1 ? limits.maxDf * nDocuments : limits.maxDf;
  const minCount = Number.isInteger(limits.minDf) ? limits.minDf : limits.minDf * nDocuments;
  if (maxCount < minCount) {
    throw new InvalidArgumentError({
      message: `${estimator}: maxDf (${limits.maxDf}) corresponds to fewer documents than minDf (${limits.minDf}) on ${nDocuments} documents.`,
      field: 'maxDf',
    });
  }

  // Columns in code-point order of the terms.
  const order = Array.from({ length: nTerms }, (_, id) => id).sort((a, b) =>
    compareCodePoints(firstSeen[a], firstSeen[b]),
  );
  let kept = order.filter((id) => documentFrequency[id] <= maxCount && documentFrequency[id] >= minCount);
  if (limits.maxFeatures !== null && kept.length > limits.maxFeatures) {
    // Stable sort by total count, descending: ties keep alphabetical order.
    const top = kept
      .map((id, rank) => ({ id, rank }))
      .sort((a, b) => totalCount[b.id] - totalCount[a.id] || a.rank - b.rank)
      .slice(0, limits.maxFeatures);
    const chosen = new Set(top.map((entry) => entry.id));
    kept = kept.filter((id) => chosen.has(id));
  }
  if (kept.length === 0) {
    throw new InvalidArgumentError({
      message: `${estimator}: after pruning, no terms remain. Try a lower minDf or a higher maxDf.`,
      field: 'minDf',
    });
  }
  const column = new Int32Array(nTerms).fill(-1);
  for (let c = 0; c < kept.length; c++) column[kept[c]] = c;
  const terms = kept.map((id) => firstSeen[id]);

  const outIndptr = new Int32Array(nDocuments + 1);
  const outIndices: number[] = [];
  const outValues: number[] = [];
  const rowColumns: number[] = [];
  const rowValues: number[] = [];
  for (let d = 0; d < nDocuments; d++) {
    rowColumns.length = 0;
    rowValues.length = 0;
    for (let k = indptr[d]; k < indptr[d + 1]; k++) {
      const c = column[indices[k]];
      if (c >= 0) {
        rowColumns.push(c);
        rowValues.push(values[k]);
      }
    }
    appendSortedRow(rowColumns, rowValues, outIndices, outValues);
    outIndptr[d + 1] = outIndices.length;
  }
  return {
    terms,
    counts: { indptr: outIndptr, indices: Int32Array.from(outIndices), data: Float64Array.from(outValues) },
  };
}

function appendSortedRow(columns: number[], values: number[], outIndices: number[], outValues: number[]): void {
  const n = columns.length;
  if (n <= 32) {
    // Insertion sort: rows of short documents are tiny.
    for (let i = 1; i < n; i++) {
      const c = columns[i];
      const v = values[i];
      let j = i - 1;
      while (j >= 0 && columns[j] > c) {
        columns[j + 1] = columns[j];
        values[j + 1] = values[j];
        j--;
      }
      columns[j + 1] = c;
      values[j + 1] = v;
    }
    for (let i = 0; i < n; i++) {
      outIndices.push(columns[i]);
      outValues.push(values[i]);
    }
    return;
  }
  const permutation = Array.from({ length: n }, (_, i) => i).sort((a, b) => columns[a] - columns[b]);
  for (const i of permutation) {
    outIndices.push(columns[i]);
    outValues.push(values[i]);
  }
}

/** Term → column map of a column-ordered term list. */
export function indexTerms(terms: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < terms.length; i++) map.set(terms[i], i);
  return map;
}

/** The fixed vocabulary of a `vocabulary` param as a column-ordered term list. */
export function vocabularyTerms(vocabulary: readonly string[] | Readonly<Record<string, number>>): string[] {
  if (Array.isArray(vocabulary)) return [...vocabulary];
  const entries = Object.entries(vocabulary as Record<string, number>);
  const terms: string[] = new Array(entries.length);
  for (const [term, column] of entries) terms[column] = term;
  return terms;
}

/** Wraps term counts as a CSR matrix with `cols` columns. */
export function countsToCsr(counts: TermCounts, cols: number): CsrMatrix {
  return { rows: counts.indptr.length - 1, cols, indptr: counts.indptr, indices: counts.indices, data: counts.data };
}
