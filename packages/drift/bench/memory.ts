/**
 * Peak RSS of the 50k × 50k × 20 Evidently-default report, in a fresh process so nothing else
 * counts (run by bench.ts; prints one JSON line).
 */

import { readFileSync } from 'node:fs';
import { createDriftReport, DataDriftDetector, renderDriftReportHtml } from '../src/index';
import { mixedTable } from './data';

// VmHWM (Linux) is the high-water mark of this process image; ru_maxrss would also count the
// parent's pages, which Linux carries across fork and exec.
function peakMB(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const baseline = peakMB();
const reference = mixedTable(50_000, 20, 1, false);
const current = mixedTable(50_000, 20, 2, true);
const afterData = peakMB();
const report = createDriftReport(new DataDriftDetector().fit(reference).test(current));
const html = renderDriftReportHtml(report);
const peak = peakMB();
console.log(JSON.stringify({ baselineMB: baseline, afterDataMB: afterData, peakMB: peak, htmlBytes: html.length }));
