import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { NotFoundError } from '../errors/not-found-error';
import { sharedPath } from '../testing/shared-data';
import { Dataset } from './dataset';
import { computeDatasetDigest } from './dataset-digest';
import { datasetLabels, datasetToMatrix } from './dataset-to-matrix';
import { readCsvFile, readJsonlFile } from './read-dataset-file';

function invalid(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('Dataset from the shared data', () => {
  it('reads shuttle-odds.csv: 49,097 rows, 9 numeric features and a label', async () => {
    const shuttle = await readCsvFile(sharedPath('data/shuttle/shuttle-odds.csv'), { label: 'label' });
    expect(shuttle.name).toBe('shuttle-odds');
    expect(shuttle.nRows).toBe(49_097);
    expect(shuttle.columnNames).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'label']);
    expect(shuttle.schema.a1).toEqual({ type: 'numeric', nullable: false });
    expect(shuttle.schema.label.type).toBe('label');
    const x = datasetToMatrix(shuttle, { exclude: ['label'] });
    expect([x.rows, x.cols]).toEqual([49_097, 9]);
    expect(Array.from(x.data.subarray(0, 9))).toEqual([50, 21, 77, 0, 28, 0, 27, 48, 22]);
    const y = datasetLabels(shuttle, 'label');
    expect(new Set(y)).toEqual(new Set([0, 1]));
    expect(shuttle.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads iris and wdbc with float values parsed exactly as Number() does', async () => {
    for (const file of ['data/iris/iris.csv', 'data/wdbc/wdbc.csv']) {
      const path = sharedPath(file);
      const data = await readCsvFile(path);
      const lines = readFileSync(path, 'utf8').trim().split('\n');
      expect(data.nRows).toBe(lines.length - 1);
      const header = lines[0].split(',');
      for (const index of [0, Math.floor(data.nRows / 2), data.nRows - 1]) {
        const fields = lines[index + 1].split(',');
        header.forEach((name, j) => {
          expect(data.row(index)[name]).toBe(Number(fields[j]));
        });
      }
    }
  });

  it('reads the tab-separated SMS collection with free text kept verbatim', () => {
    const raw = readFileSync(sharedPath('data/sms-spam/SMSSpamCollection'), 'utf8');
    // Messages hold quotes that are not CSV quoting, so parse per line and build from objects.
    const rows = raw
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const tab = line.indexOf('\t');
        return { label: line.slice(0, tab), text: line.slice(tab + 1) };
      });
    const sms = Dataset.fromObjects(rows, { name: 'sms', label: 'label', schema: { text: { type: 'text' } } });
    expect(sms.nRows).toBe(5574);
    expect(new Set(datasetLabels(sms, 'label'))).toEqual(new Set(['ham', 'spam']));
    expect(sms.row(1).text).toBe('Ok lar... Joking wif u oni...');
  });
});

describe('CSV parsing (RFC 4180)', () => {
  it('handles quotes, escaped quotes, line breaks in quotes, CRLF, a BOM and a trailing newline', () => {
    const text = '\uFEFFid,text,score\r\n1,"hello, world",0.5\r\n2,"she said ""hi""",1e3\r\n3,"two\nlines",-0.25\r\n';
    const data = Dataset.fromCsv(text, { schema: { text: { type: 'text' } } });
    expect(data.columnNames).toEqual(['id', 'text', 'score']);
    expect(data.toObjects()).toEqual([
      { id: 1, text: 'hello, world', score: 0.5 },
      { id: 2, text: 'she said "hi"', score: 1000 },
      { id: 3, text: 'two\nlines', score: -0.25 },
    ]);
  });

  it('infers booleans, nullable columns and categorical strings', () => {
    const data = Dataset.fromCsv('a,b,c\n1,true,x\n,FALSE,y\n3,true,\n');
    expect(data.schema).toEqual({
      a: { type: 'numeric', nullable: true },
      b: { type: 'boolean', nullable: false },
      c: { type: 'categorical', nullable: true },
    });
    expect(data.row(1)).toEqual({ a: null, b: false, c: 'y' });
  });

  it('takes the schema as zod', () => {
    const data = Dataset.fromCsv('a,b\n1,2\n', { schema: z.object({ a: z.number(), b: z.string() }) });
    expect(data.schema.b.type).toBe('categorical');
    expect(data.row(0)).toEqual({ a: 1, b: '2' });
  });

  it('names the line of a ragged row and returns nothing', () => {
    const error = invalid(() => Dataset.fromCsv('a,b,c\n1,2,3\n4,5\n'));
    expect(error.message).toMatch(/line 3/);
    expect(error.message).toMatch(/3 fields|expected 3/);
  });

  it('names line and column of a non-number in a declared numeric column', () => {
    const error = invalid(() => Dataset.fromCsv('a1,a2\n1,2\n3,abc\n', { schema: { a2: { type: 'numeric' } } }));
    expect(error.message).toMatch(/line 3/);
    expect(error.message).toMatch(/a2/);
    expect(error.message).toMatch(/abc/);
  });

  it('rejects an unclosed quote, an empty text and an unknown option column', () => {
    expect(invalid(() => Dataset.fromCsv('a,b\n1,"open\n')).message).toMatch(/quote/i);
    invalid(() => Dataset.fromCsv(''));
    const error = invalid(() => Dataset.fromCsv('a,b\n1,2\n', { label: 'target' }));
    expect(error.message).toMatch(/target/);
    expect(error.message).toMatch(/a, b|"a"/);
  });

  it('rejects invalid UTF-8 bytes instead of inventing characters', () => {
    invalid(() => Dataset.fromCsv(new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a])));
  });

  it('round-trips through toCsv to the same digest (property)', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constant('a,b'),
      fc.constant('q"uote'),
      fc.constant('line\nbreak'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), s: cell }), {
          minLength: 1,
          maxLength: 20,
        }),
        (rows) => {
          const data = Dataset.fromObjects(rows, { schema: { s: { type: 'text' } } });
          const back = Dataset.fromCsv(data.toCsv(), { schema: data.schema });
          expect(back.digest).toBe(data.digest);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('JSONL and files', () => {
  it('parses JSON lines and names a malformed line', () => {
    const data = Dataset.fromJsonl('{"a":1,"t":"x"}\n\n{"a":2,"t":"y"}\n');
    expect(data.nRows).toBe(2);
    expect(invalid(() => Dataset.fromJsonl('{"a":1}\n{"a":\n')).message).toMatch(/line 2/);
    expect(invalid(() => Dataset.fromJsonl('{"a":1}\n{"a":"x"}\n')).message).toMatch(/line 2/);
  });

  it('reads files and reports a missing file as NOT_FOUND', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mloop-dataset-'));
    writeFileSync(join(dir, 'toy.jsonl'), '{"a":1}\n{"a":2}\n');
    const data = await readJsonlFile(join(dir, 'toy.jsonl'));
    expect(data.name).toBe('toy');
    await expect(readCsvFile(join(dir, 'absent.csv'))).rejects.toSatisfy((e) => NotFoundError.isInstance(e));
  });
});

describe('digest', () => {
  const base = () => Dataset.fromColumns({ x: new Float64Array([1, 2.5, Number.NaN]), c: ['a', null, 'b'] });

  it('is pinned: the canonical encoding does not change silently', () => {
    // If this fails the encoding changed: every stored dataset version changes with it, so bump
    // DATASET_DIGEST_FORMAT instead of updating the value.
    expect(base().digest).toBe(base().digest);
    expect(Dataset.fromCsv('x,c\n1,a\n2.5,\nNA,b\n').digest).toBe(base().digest);
    expect(base().digest).toMatchInlineSnapshot(`"7dbac087981ec3f6877af8c6e4d90199cfc82e21177052906f99f8b40725076e"`);
  });

  it('changes with a value, a column name, a type, the row order; not with the name', () => {
    const digest = base().digest;
    expect(Dataset.fromColumns({ x: new Float64Array([1, 2.5, 3]), c: ['a', null, 'b'] }).digest).not.toBe(digest);
    expect(Dataset.fromColumns({ y: new Float64Array([1, 2.5, Number.NaN]), c: ['a', null, 'b'] }).digest).not.toBe(
      digest,
    );
    expect(
      Dataset.fromColumns(
        { x: new Float64Array([1, 2.5, Number.NaN]), c: ['a', null, 'b'] },
        { schema: { c: { type: 'text', nullable: true } } },
      ).digest,
    ).not.toBe(digest);
    expect(base().take([1, 0, 2]).digest).not.toBe(digest);
    expect(base().withName('other').digest).toBe(digest);
  });

  it('treats -0 as 0 and every NaN alike; the little-endian fast path equals the portable path', () => {
    const a = Dataset.fromColumns({ x: new Float64Array([-0, Number.NaN]) });
    const nanBits = new Float64Array(new BigUint64Array([0x7ff800000000beefn]).buffer);
    const b = Dataset.fromColumns({ x: new Float64Array([0, nanBits[0]]) });
    expect(a.digest).toBe(b.digest);
    fc.assert(
      fc.property(
        fc.array(fc.double({ noDefaultInfinity: true }), { maxLength: 50 }),
        fc.array(fc.string(), { maxLength: 50 }),
        (xs, ss) => {
          const n = Math.min(xs.length, ss.length);
          const data = Dataset.fromColumns(
            { x: Float64Array.from(xs.slice(0, n)), s: ss.slice(0, n) },
            { schema: { s: { type: 'text' } } },
          );
          const columns = data.columnNames.map((name) => data.column(name));
          expect(computeDatasetDigest(data.schema, data.columnNames, columns, n, false)).toBe(data.digest);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('operations', () => {
  const data = Dataset.fromObjects(
    [
      { x: 1, c: 'a', y: 'spam' },
      { x: 2, c: 'b', y: 'ham' },
      { x: 1, c: 'a', y: 'spam' },
      { x: 3, c: null, y: 'ham' },
    ],
    { name: 'toy', label: 'y' },
  );

  it('select, drop, rename, filter, head, take, dedupe, concat, withColumn', () => {
    expect(data.select(['y', 'x']).columnNames).toEqual(['y', 'x']);
    expect(data.drop(['c']).columnNames).toEqual(['x', 'y']);
    expect(data.rename({ x: 'feature' }).columnNames).toEqual(['feature', 'c', 'y']);
    expect(data.filter((row) => row.y === 'ham').nRows).toBe(2);
    expect(data.head(2).nRows).toBe(2);
    expect(data.take([3, 3]).row(1)).toEqual({ x: 3, c: null, y: 'ham' });
    expect(data.dedupe().nRows).toBe(3);
    expect(data.dedupe(['y']).nRows).toBe(2);
    expect(data.concat(data).nRows).toBe(8);
    expect(data.withColumn('z', [1, 2, 3, 4], { type: 'numeric' }).column('z')).toEqual(new Float64Array([1, 2, 3, 4]));
    expect(data.shuffle(3).digest).toBe(data.shuffle(3).digest);
  });

  it('names unknown columns and lists the ones that exist; the dataset is unchanged', () => {
    const before = data.digest;
    const error = invalid(() => data.select(['x', 'nope']));
    expect(error.message).toMatch(/nope/);
    expect(error.message).toMatch(/x/);
    invalid(() => data.concat(data.drop(['c'])));
    invalid(() => data.take([4]));
    invalid(() => data.withColumn('z', [1], { type: 'numeric' }));
    expect(data.digest).toBe(before);
  });

  it('toMatrix refuses categories and missing values unless asked, naming row and column', () => {
    expect(invalid(() => datasetToMatrix(data, { columns: ['x', 'c'] })).message).toMatch(/"c" is categorical/);
    const holes = Dataset.fromColumns({ a: new Float64Array([1, Number.NaN]) });
    expect(invalid(() => datasetToMatrix(holes)).message).toMatch(/row 1, column "a"/);
    expect(Number.isNaN(datasetToMatrix(holes, { missing: 'nan' }).data[1])).toBe(true);
    expect(invalid(() => datasetLabels(data, 'c')).message).toMatch(/row 3/);
  });
});
