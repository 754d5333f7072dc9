import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliUsageError, isSafeArtifactName, lttb, parseRunFilters, parseRunOrder, parseStoreSpec } from '../src/index';

describe('lttb', () => {
  it('keeps the ends, returns a subsequence of the finite points, and exactly `threshold` of them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)), {
          minLength: 0,
          maxLength: 400,
        }),
        fc.integer({ min: 3, max: 100 }),
        (values, threshold) => {
          const xs = values.map((_, index) => index);
          const out = lttb(xs, values, threshold);
          const finite = xs.filter((index) => Number.isFinite(values[index]));
          expect(out.total).toBe(finite.length);
          expect(out.nonFinite).toBe(values.length - finite.length);
          expect(out.x).toHaveLength(Math.min(threshold, finite.length));
          if (finite.length > 0) {
            expect(out.x[0]).toBe(finite[0]);
            expect(out.x[out.x.length - 1]).toBe(finite[finite.length - 1]);
          }
          for (let i = 1; i < out.x.length; i++) expect(out.x[i]).toBeGreaterThan(out.x[i - 1]);
          for (const [i, x] of out.x.entries()) expect(out.y[i]).toBe(values[x]);
        },
      ),
    );
  });

  it('keeps a single spike that striding would drop', () => {
    const ys = Array.from({ length: 10_000 }, (_, i) => (i === 4321 ? 100 : 0));
    const out = lttb(Array.from(ys.keys()), ys, 100);
    expect(out.y).toContain(100);
  });
});

describe('query syntax', () => {
  it('reads filters and orders, and names what it cannot read', () => {
    expect(parseRunFilters('metrics.f1 >= 0.8 and params.metric = "cosine" and tags.team ~ fraud')).toEqual([
      { kind: 'metric', key: 'f1', op: '>=', value: 0.8 },
      { kind: 'param', key: 'metric', op: '=', value: 'cosine' },
      { kind: 'tag', key: 'team', op: 'contains', value: 'fraud' },
    ]);
    expect(parseRunOrder('metrics.f1')).toEqual({ kind: 'metric', key: 'f1', direction: 'desc' });
    expect(parseRunOrder('start:asc')).toEqual({ kind: 'attribute', key: 'startTime', direction: 'asc' });
    expect(() => parseRunFilters('metrics.f1 > high')).toThrow(CliUsageError);
    expect(() => parseRunFilters('metrics.f1 ~ 1')).toThrow(/params and tags only/);
    expect(() => parseRunOrder('duration')).toThrow(/Cannot order by "duration"/);
  });

  it('reads store specs', () => {
    expect(parseStoreSpec(undefined, '/work')).toEqual({ kind: 'sqlite', dir: '/work/.mloop' });
    expect(parseStoreSpec('sqlite:data/store', '/work')).toEqual({ kind: 'sqlite', dir: '/work/data/store' });
    expect(parseStoreSpec('/abs/store', '/work')).toEqual({ kind: 'sqlite', dir: '/abs/store' });
    expect(() => parseStoreSpec('wandb:project', '/work')).toThrow(/Unknown store "wandb:"/);
  });
});

describe('artifact names', () => {
  it('refuses anything that could name a path elsewhere', () => {
    for (const name of ['model.json', 'reports/drift.html', 'a/b/c.txt', '..data', 'x..y'])
      expect(isSafeArtifactName(name), name).toBe(true);
    for (const name of ['', '/etc/passwd', '../x', 'a/../b', 'a/./b', 'a//b', 'a\\b', 'a\0b', '.', '..', 'a/'])
      expect(isSafeArtifactName(name), JSON.stringify(name)).toBe(false);
  });
});
