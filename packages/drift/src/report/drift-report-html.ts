// A self-contained HTML rendering of a DriftReport: one file, no network access, inline CSS, SVG
// histograms and a small sorting script. Its size depends on columns and buckets, never on rows.
import type { ColumnHistogram } from '../dataset/histogram';
import { type DriftReport, type DriftReportColumn, fromReportNumber, type ReportNumber } from './drift-report';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function formatNumber(value: ReportNumber | number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '–';
  const v = typeof value === 'number' ? value : fromReportNumber(value);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return Number(v.toFixed(digits)).toString();
}

function sortValue(value: ReportNumber | null): string {
  if (value === null) return '';
  const v = fromReportNumber(value);
  return Number.isFinite(v) ? String(v) : v > 0 ? '1e308' : Number.isNaN(v) ? '' : '-1e308';
}

const WIDTH = 280;
const HEIGHT = 96;

/** Two bar series as one path each (compact: about 20 bytes a bar). */
function histogramSvg(histogram: ColumnHistogram, label: string): string {
  const n = histogram.reference.length;
  if (n === 0) return '';
  const max = Math.max(...histogram.reference, ...histogram.current, 1e-12);
  const slot = WIDTH / n;
  const bar = Math.max(slot / 2 - 0.5, 0.5);
  const path = (values: readonly number[], offset: number): string => {
    let d = '';
    values.forEach((v, i) => {
      const h = (v / max) * (HEIGHT - 14);
      if (h <= 0) return;
      d += `M${(i * slot + offset).toFixed(1)} ${(HEIGHT - 12).toFixed(1)}h${bar.toFixed(1)}v${(-h).toFixed(1)}h${(-bar).toFixed(1)}z`;
    });
    return d;
  };
  const first =
    histogram.kind === 'sturges' ? formatNumber(histogram.edges?.[0] ?? null, 3) : (histogram.keys?.[0] ?? '');
  const last =
    histogram.kind === 'sturges'
      ? formatNumber(histogram.edges?.[histogram.edges.length - 1] ?? null, 3)
      : (histogram.keys?.[n - 1] ?? '');
  const title =
    histogram.kind === 'categorical' ? (histogram.keys ?? []).join(', ') : `${n} bins from ${first} to ${last}`;
  return (
    `<svg class="hist" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(`${label}: ${title}`)}">` +
    `<title>${escapeHtml(title)}</title>` +
    `<path class="ref" d="${path(histogram.reference, 0)}"/><path class="cur" d="${path(histogram.current, bar + 0.5)}"/>` +
    `<line x1="0" y1="${HEIGHT - 12}" x2="${WIDTH}" y2="${HEIGHT - 12}" class="axis"/>` +
    `<text x="0" y="${HEIGHT - 1}">${escapeHtml(String(first).slice(0, 18))}</text>` +
    `<text x="${WIDTH}" y="${HEIGHT - 1}" text-anchor="end">${escapeHtml(String(last).slice(0, 18))}</text></svg>`
  );
}

function driftBadge(driftDetected: boolean): string {
  return driftDetected ? '<span class="badge bad">drift</span>' : '<span class="badge ok">no drift</span>';
}

function columnRow(column: DriftReportColumn, index: number): string {
  const verdict =
    column.status === 'not_tested'
      ? `<span class="badge muted" title="${escapeHtml(column.reason ?? '')}">not tested</span>`
      : driftBadge(column.driftDetected);
  const rank = column.status === 'not_tested' ? 0 : column.driftDetected ? 2 : 1;
  const missing = column.missing.reference + column.missing.current;
  return (
    `<tr data-index="${index}">` +
    `<td data-v="${escapeHtml(column.column)}"><a href="#col-${index}">${escapeHtml(column.column)}</a></td>` +
    `<td data-v="${column.type}">${column.type}</td>` +
    `<td data-v="${rank}">${verdict}</td>` +
    `<td data-v="${escapeHtml(column.method ?? '')}">${escapeHtml(column.method ?? '–')}</td>` +
    `<td class="num" data-v="${sortValue(column.statistic)}">${formatNumber(column.statistic)}</td>` +
    `<td class="num" data-v="${sortValue(column.pValue)}">${formatNumber(column.pValue)}</td>` +
    `<td class="num" data-v="${column.threshold ?? ''}">${formatNumber(column.threshold)}${column.rule ? ` <span class="rule">${escapeHtml(column.rule)}</span>` : ''}</td>` +
    `<td class="num" data-v="${missing}">${column.missing.reference} / ${column.missing.current}</td>` +
    '</tr>'
  );
}

function columnCard(column: DriftReportColumn, index: number): string {
  const body = column.histogram
    ? histogramSvg(column.histogram, column.column)
    : column.type === 'text' && column.status === 'tested'
      ? '<p class="muted">Text column: terms and scores in the <a href="#text">text drift</a> section.</p>'
      : `<p class="muted">${escapeHtml(column.reason ?? 'no histogram')}</p>`;
  const state = column.status === 'not_tested' ? 'muted' : column.driftDetected ? 'bad' : 'ok';
  const summary =
    column.status === 'tested'
      ? `${escapeHtml(column.method ?? '')} ${column.pValue !== null ? `p = ${formatNumber(column.pValue)}` : `score = ${formatNumber(column.score)}`}`
      : escapeHtml(column.reasonCode ?? 'not tested');
  return `<figure class="card ${state}" id="col-${index}"><figcaption><strong>${escapeHtml(column.column)}</strong> <span>${summary}</span></figcaption>${body}</figure>`;
}

function metricsTable(report: NonNullable<DriftReport['classification']>): string {
  const rows: [string, number | null, number | null, number | null][] = [
    ['accuracy', report.reference.accuracy, report.current.accuracy, report.change.accuracy],
    ['precision', report.reference.precision, report.current.precision, report.change.precision],
    ['recall', report.reference.recall, report.current.recall, report.change.recall],
    ['F1', report.reference.f1, report.current.f1, report.change.f1],
    ['ROC AUC', report.reference.rocAuc, report.current.rocAuc, report.change.rocAuc],
  ];
  const drift = (label: string, r: { method: string; score: ReportNumber; driftDetected: boolean } | null) =>
    r ? `<li>${label}: ${escapeHtml(r.method)} ${formatNumber(r.score)} — ${driftBadge(r.driftDetected)}</li>` : '';
  const labels = report.labels.map((l) => escapeHtml(String(l)));
  const confusion = (m: number[][]) =>
    `<table class="confusion"><tr><th>true \\ pred</th>${labels.map((l) => `<th>${l}</th>`).join('')}</tr>${m
      .map((row, i) => `<tr><th>${labels[i]}</th>${row.map((v) => `<td class="num">${v}</td>`).join('')}</tr>`)
      .join('')}</table>`;
  return (
    '<section id="classification"><h2>Classification quality</h2>' +
    `<p class="muted">${report.average === 'binary' ? `positive class ${escapeHtml(String(report.positiveLabel))}` : 'macro averages'}; ${report.reference.rows} reference rows, ${report.current.rows} current rows</p>` +
    `<table class="metrics"><thead><tr><th>metric</th><th>reference</th><th>current</th><th>change</th></tr></thead><tbody>${rows
      .map(
        ([name, a, b, c]) =>
          `<tr><td>${name}</td><td class="num">${formatNumber(a)}</td><td class="num">${formatNumber(b)}</td><td class="num ${c !== null && c < 0 ? 'neg' : ''}">${c === null ? '–' : `${c > 0 ? '+' : ''}${formatNumber(c)}`}</td></tr>`,
      )
      .join('')}</tbody></table>` +
    `<ul>${drift('target drift', report.targetDrift)}${drift('prediction drift', report.predictionDrift)}${drift('score drift', report.scoreDrift)}</ul>` +
    `<div class="pair"><div><h3>Reference confusion matrix</h3>${confusion(report.reference.confusionMatrix)}</div><div><h3>Current confusion matrix</h3>${confusion(report.current.confusionMatrix)}</div></div>` +
    '</section>'
  );
}

function textSection(report: DriftReport): string {
  if (report.text.length === 0) return '';
  return (
    '<section id="text"><h2>Text drift</h2>' +
    report.text
      .map(
        (t) =>
          `<div class="text-card"><h3>${escapeHtml(t.name)} ${driftBadge(t.driftDetected)}</h3>` +
          `<p>vocabulary drift ${formatNumber(t.vocabularyDrift)}, TF-IDF drift ${formatNumber(t.tfidfDrift)} (threshold ${formatNumber(t.threshold)})${t.domainClassifierAuc !== null ? `, domain classifier ROC AUC ${formatNumber(t.domainClassifierAuc)}` : ''}</p>` +
          `<div class="pair"><div><h4>Reference top terms</h4><p class="terms">${t.referenceTopTerms.map(escapeHtml).join(' · ')}</p></div>` +
          `<div><h4>Current top terms</h4><p class="terms">${t.currentTopTerms.map(escapeHtml).join(' · ')}</p></div></div>` +
          (t.newPatterns.length
            ? `<p><strong>New patterns:</strong> ${t.newPatterns.map(escapeHtml).join(', ')}</p>`
            : '') +
          (t.tellingWords.length
            ? `<p><strong>Most telling words:</strong> ${t.tellingWords.map(escapeHtml).join(', ')}</p>`
            : '') +
          `<p class="muted">${escapeHtml(t.recommendation)}</p></div>`,
      )
      .join('') +
    '</section>'
  );
}

function multivariateSection(report: DriftReport): string {
  if (report.multivariate.length === 0) return '';
  return (
    '<section id="multivariate"><h2>Multivariate drift</h2><table class="metrics"><thead><tr><th>method</th><th>statistic</th><th>score</th><th>threshold</th><th>verdict</th></tr></thead><tbody>' +
    report.multivariate
      .map(
        (r) =>
          `<tr><td>${escapeHtml(r.method)}</td><td class="num">${formatNumber(r.statistic)}</td><td class="num">${formatNumber(r.score)}</td><td class="num">${formatNumber(r.threshold)}</td><td>${driftBadge(r.driftDetected)}</td></tr>`,
      )
      .join('') +
    '</tbody></table></section>'
  );
}

const STYLE = `
:root{--ok:#1b7f3b;--bad:#b3261e;--muted:#6b6b6b;--ref:#4c78a8;--cur:#f58518;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f}
body{margin:0 auto;max-width:1180px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:12px 0 6px}h4{margin:6px 0}
.verdict{padding:14px 18px;border-radius:8px;margin:16px 0;font-size:16px;border:1px solid}
.verdict.bad{background:#fdecea;border-color:#f5c2bd}.verdict.ok{background:#e8f5ec;border-color:#b9dfc5}
.meta{color:var(--muted);font-size:12px;word-break:break-all}
table{border-collapse:collapse;width:100%}th,td{padding:5px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f6f6f7;position:sticky;top:0}#summary th{cursor:pointer;user-select:none}#summary th[aria-sort=ascending]::after{content:" ▲"}#summary th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}.rule{color:var(--muted);font-size:11px}.neg{color:var(--bad)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff;white-space:nowrap}.badge.ok{background:var(--ok)}.badge.bad{background:var(--bad)}.badge.muted{background:#9a9a9a}
.muted{color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.card{margin:0;padding:8px 10px;border:1px solid #e3e3e3;border-left:4px solid #9a9a9a;border-radius:6px;break-inside:avoid}
.card.bad{border-left-color:var(--bad)}.card.ok{border-left-color:var(--ok)}.card figcaption{font-size:13px;margin-bottom:4px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.card figcaption span{color:var(--muted)}
svg.hist{width:100%;height:auto;display:block}svg.hist .ref{fill:var(--ref)}svg.hist .cur{fill:var(--cur)}svg.hist .axis{stroke:#bbb}svg.hist text{font-size:9px;fill:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:16px}.terms{font-family:ui-monospace,monospace;font-size:12px}
table.confusion{width:auto}
@media print{body{max-width:none;padding:0}th{position:static}.card,.verdict,section{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

const SCRIPT = `
(function(){var t=document.getElementById('summary');if(!t)return;var hs=t.tHead.rows[0].cells,b=t.tBodies[0];
function key(r,i,num){var v=r.cells[i].getAttribute('data-v');return num?(v===''?NaN:parseFloat(v)):v;}
function sortBy(i,dir){var num=hs[i].getAttribute('data-type')==='num',rows=Array.prototype.slice.call(b.rows);
rows.sort(function(x,y){var a=key(x,i,num),c=key(y,i,num),r;if(num){var ea=isNaN(a),ec=isNaN(c);r=ea&&ec?0:ea?1:ec?-1:(a-c)*dir;}else{r=a.localeCompare(c)*dir;}
return r||(+x.getAttribute('data-index'))-(+y.getAttribute('data-index'));});
rows.forEach(function(r){b.appendChild(r);});for(var k=0;k<hs.length;k++)hs[k].removeAttribute('aria-sort');hs[i].setAttribute('aria-sort',dir>0?'ascending':'descending');}
for(var i=0;i<hs.length;i++)(function(i){hs[i].addEventListener('click',function(){sortBy(i,hs[i].getAttribute('aria-sort')==='ascending'?-1:1);});})(i);
var m=/sort=(\\d+)-(asc|desc)/.exec(location.hash);if(m)sortBy(+m[1],m[2]==='asc'?1:-1);document.body.setAttribute('data-ready','1');})();
`;

/** Options of {@link renderDriftReportHtml}. */
export interface DriftReportHtmlOptions {
  /** Most columns drawn as histogram cards (the summary table always lists every column). Default 200. */
  readonly maxHistograms?: number;
}

/**
 * Renders a report as one self-contained HTML file (`drift_report.html`): dataset verdict, a
 * sortable summary table (click a header; `#sort=<column>-<asc|desc>` in the URL sorts on load),
 * an SVG histogram per column (reference blue, current orange), and the multivariate,
 * classification-quality and text-drift sections when the report has them. No network access,
 * readable on a laptop screen and printable. Under 1 MB for 100 columns whatever the row count.
 * @example
 * ```ts
 * writeFileSync('drift_report.html', renderDriftReportHtml(createDriftReport(result)));
 * ```
 */
export function renderDriftReportHtml(report: DriftReport, options: DriftReportHtmlOptions = {}): string {
  const maxHistograms = options.maxHistograms ?? 200;
  const d = report.dataset;
  const share = `${d.numberOfDriftedColumns} of ${d.numberOfColumns} tested columns drifted (${formatNumber(d.shareOfDriftedColumns * 100, 1)}%; dataset drift when ≥ ${formatNumber(d.driftShare * 100, 1)}%)`;
  const info = (label: string, x: DriftReport['reference']) =>
    `${label}: ${x.name ? `${escapeHtml(x.name)}, ` : ''}${x.nRows.toLocaleString('en-US')} rows${x.digest ? `, sha256 ${x.digest}` : ''}`;
  const headers: [string, 'num' | 'text'][] = [
    ['column', 'text'],
    ['type', 'text'],
    ['verdict', 'num'],
    ['test', 'text'],
    ['statistic', 'num'],
    ['p-value', 'num'],
    ['threshold', 'num'],
    ['missing (ref / cur)', 'num'],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(report.title)}</title><style>${STYLE}</style></head>
<body>
<header><h1>${escapeHtml(report.title)}</h1><p class="meta">${escapeHtml(report.createdAt)}<br>${info('Reference', report.reference)}<br>${info('Current', report.current)}</p></header>
<div class="verdict ${d.driftDetected ? 'bad' : 'ok'}" id="verdict"><strong>${d.driftDetected ? 'Dataset drift detected' : 'No dataset drift'}</strong> — ${share}${d.numberNotTested ? `; ${d.numberNotTested} column${d.numberNotTested > 1 ? 's' : ''} not tested` : ''}.</div>
<section id="columns"><h2>Columns</h2>
<table id="summary"><thead><tr>${headers.map(([h, type]) => `<th scope="col" data-type="${type}">${h}</th>`).join('')}</tr></thead>
<tbody>${report.columns.map(columnRow).join('\n')}</tbody></table></section>
<section id="histograms"><h2>Distributions</h2><p class="legend"><i style="background:var(--ref)"></i>reference<i style="background:var(--cur)"></i>current <span class="muted">(share of rows per bucket)</span></p>
<div class="grid">${report.columns
    .slice(0, maxHistograms)
    .map(columnCard)
    .join(
      '\n',
    )}</div>${report.columns.length > maxHistograms ? `<p class="muted">${report.columns.length - maxHistograms} more columns in the table above.</p>` : ''}</section>
${multivariateSection(report)}
${report.classification ? metricsTable(report.classification) : ''}
${textSection(report)}
<script>${SCRIPT}</script>
</body></html>
`;
}
