import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import {
  classificationQuality,
  createDriftReport,
  DataDriftDetector,
  type DriftReport,
  PcaReconstructionDrift,
  parseDriftReport,
  renderDriftReportHtml,
  TextDriftDetector,
} from '../src/index';

const outputDir = join(dirname(fileURLToPath(import.meta.url)), 'output');
const chromium =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** 100 mixed columns; every 4th column shifted in the current data. */
function table(rows: number, seed: number, shifted: boolean): Record<string, ArrayLike<number | string | null>> {
  const next = lcg(seed);
  const out: Record<string, ArrayLike<number | string | null>> = {};
  for (let c = 0; c < 100; c++) {
    const shift = shifted && c % 4 === 0 ? 0.5 : 0;
    if (c % 5 === 4) {
      const categories = c % 10 === 4 ? 40 : 4;
      out[`cat_${c}`] = Array.from(
        { length: rows },
        () => `v${Math.floor((next() + shift / 2) ** 2 * categories) % categories}`,
      );
    } else {
      const column = new Float64Array(rows);
      for (let i = 0; i < rows; i++) column[i] = next() + next() + next() + shift + (next() < 0.01 ? Number.NaN : 0);
      out[`num_${c}`] = column;
    }
  }
  return out;
}

function report(rows: number, extras = {}): DriftReport {
  const reference = table(rows, 1, false);
  const current = table(Math.round(rows * 0.9), 2, true);
  return createDriftReport(new DataDriftDetector().fit(reference).test(current), {
    title: `Drift report, ${rows} rows`,
    createdAt: new Date('2026-12-01T12:00:00Z'),
    ...extras,
  });
}

describe('DriftReport JSON', () => {
  it('validates, round-trips through JSON and encodes non-finite numbers as strings', () => {
    const detector = new DataDriftDetector().fit({ c: ['a', 'a', 'b', 'b'] });
    const r = createDriftReport(detector.test({ c: ['a', 'b', 'z', 'z'] }));
    expect(r.columns[0]?.statistic).toBe('Infinity');
    expect(r.columns[0]?.pValue).toBe(0);
    expect(parseDriftReport(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(() => parseDriftReport({ ...r, version: 2 })).toThrow(InvalidArgumentError);
    expect(() => parseDriftReport({ ...r, columns: [{ column: 'x' }] })).toThrow(InvalidArgumentError);
  });
});

describe('HTML report', () => {
  it('does not grow with the number of rows: under 1 MB for 100 columns', () => {
    const small = renderDriftReportHtml(report(2_000));
    const large = renderDriftReportHtml(report(40_000));
    const smallBytes = Buffer.byteLength(small);
    const largeBytes = Buffer.byteLength(large);
    expect(largeBytes).toBeLessThan(1_000_000);
    // Only the Sturges bin count (log2 of the rows) and the numbers change: 20× the rows, < 25% more bytes.
    expect((largeBytes - smallBytes) / smallBytes).toBeLessThan(0.25);
    console.log(`HTML report, 100 columns: ${smallBytes} bytes for 2,000 rows, ${largeBytes} bytes for 40,000 rows`);
    expect(small).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(small).not.toMatch(/<(link|img|iframe)\b/);
  });

  it('escapes names and omits the text section when no text drift was computed', () => {
    const r = createDriftReport(
      new DataDriftDetector()
        .fit({ '<script>alert(1)</script>': [1, 2, 3, 4, 5, 6] })
        .test({ '<script>alert(1)</script>': [2, 3, 4, 5, 6, 7] }),
    );
    const html = renderDriftReportHtml(r);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('id="text"');
    expect(html).not.toContain('id="classification"');
    const withText = renderDriftReportHtml({
      ...r,
      text: [
        {
          name: 'message',
          vocabularyDrift: 0.4,
          tfidfDrift: 0.2,
          threshold: 0.15,
          driftDetected: true,
          referenceTopTerms: ['call', 'free'],
          currentTopTerms: ['crypto', 'nft'],
          newPatterns: ['crypto'],
          domainClassifierAuc: null,
          tellingWords: [],
          recommendation: 'Consider retraining - new spam vocabulary detected',
        },
      ],
    });
    expect(withText).toContain('id="text"');
    expect(withText).toContain('crypto');
  });

  it.skipIf(!chromium)(
    `renders in headless Chromium with a working sort, and saves a screenshot${chromium ? '' : ' (skipped: no chromium binary; apt-get install -y chromium, or set CHROMIUM_PATH)'}`,
    () => {
      const rows = 3000;
      const yTrue = Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'spam' : 'ham'));
      const next = lcg(9);
      const flip = (label: string, p: number) => (next() < p ? (label === 'spam' ? 'ham' : 'spam') : label);
      const quality = classificationQuality(
        {
          yTrue,
          yPred: yTrue.map((y) => flip(y, 0.05)),
          yScore: yTrue.map((y) => (y === 'spam' ? 0.6 : 0.3) + next() * 0.3),
        },
        {
          yTrue,
          yPred: yTrue.map((y) => flip(y, 0.2)),
          yScore: yTrue.map((y) => (y === 'spam' ? 0.5 : 0.35) + next() * 0.3),
        },
      );
      const pcaReference = Array.from({ length: 400 }, () => {
        const a = next();
        return [a, a + next() * 0.1, next()];
      });
      const pca = new PcaReconstructionDrift({ chunkSize: 100 })
        .fit(pcaReference)
        .test(pcaReference.map(([a, , c]) => [a as number, next(), c as number]));
      const texts = (words: string[], n: number) =>
        Array.from({ length: n }, (_, i) => `${words[i % words.length]} ${words[(i * 3 + 1) % words.length]} later`);
      const text = new TextDriftDetector({ domainClassifier: false })
        .fit(texts(['lunch', 'home', 'call', 'dinner', 'meeting'], 60))
        .test(texts(['crypto', 'bonus', 'claim', 'nft', 'home'], 60));
      const r = report(5_000, {
        classification: quality,
        multivariate: [pca],
        text: [TextDriftDetector.toReportSection('message', text)],
      });
      mkdirSync(outputDir, { recursive: true });
      const htmlPath = join(outputDir, 'drift_report.html');
      writeFileSync(htmlPath, renderDriftReportHtml(r));
      const url = pathToFileURL(htmlPath).href;
      const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run'];
      // Sort by p-value (column 5) ascending through the URL hash, then read the DOM back.
      const dom = execFileSync(chromium as string, [...flags, '--dump-dom', `${url}#sort=5-asc`], {
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(dom).toContain('data-ready="1"');
      for (const section of ['verdict', 'summary', 'histograms', 'multivariate', 'classification', 'text'])
        expect(dom).toContain(`id="${section}"`);
      expect(dom).toContain('aria-sort="ascending"');
      const body = dom.slice(dom.indexOf('<tbody>'), dom.indexOf('</tbody>'));
      const pValues = [
        ...body.matchAll(/<tr data-index="\d+">(?:<td[^>]*>.*?<\/td>){5}<td class="num" data-v="([^"]*)"/g),
      ].map((m) => m[1]);
      expect(pValues.length).toBe(100);
      const numeric = pValues.filter((v) => v !== '').map(Number);
      expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
      expect(pValues.slice(numeric.length).every((v) => v === '')).toBe(true);
      const screenshot = join(outputDir, 'drift_report.png');
      execFileSync(chromium as string, [...flags, '--window-size=1280,2400', `--screenshot=${screenshot}`, url], {
        timeout: 60_000,
        stdio: 'ignore',
      });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
      expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    },
    120_000,
  );
});
