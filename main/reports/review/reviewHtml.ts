import { VERDICT_LABELS } from '../../../common/contract/schemas/reviews';
import type { ReviewKpiResult, ReviewResult, ReviewVerdict } from '../../../common/contract/schemas/reviews';
import { formatDate, formatDateTime } from '../../../common/domain/text/dates';
import { escapeMarkup } from '../../../common/domain/text/escape';
import { cssString } from '../html/reportHtml';
import { htmlDocument } from '../html/document';
import { isSafeSvg, stripNamespaces } from '../svg';

/** Everything the review report shows, read once (main/reports/review/reviewModel.ts). */
export type ReviewReportData = Readonly<{
  event: Readonly<{ id: string; name: string }>;
  /** The schedule entry the result belongs to ("30-day review") and its due date. */
  review: Readonly<{ title: string; dueDate: string | null }>;
  result: ReviewResult;
  /** Per KPI id: its small control chart of the follow-up points, when one could be drawn. */
  charts: ReadonlyMap<string, Readonly<{ svg: string; alt: string; title: string }>>;
  generatedAt: string;
  appVersion: string;
}>;

const e = escapeMarkup;
const num = (x: number | null | undefined, unit = '') => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${Number(x.toPrecision(4))}${unit ? ` ${unit}` : ''}`);
const pValue = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** The verdict as a badge: colour AND words (printable in black and white, legible for colour-blind readers). */
export function verdictBadge(v: ReviewVerdict): string {
  return `<span class="verdict verdict-${v}">${e(VERDICT_LABELS[v])}</span>`;
}

const STATUS_WORDS = { pass: 'Pass', fail: 'Above threshold', 'no-data': 'No data' } as const;

/** Review-specific print styles on top of report.css: badges, one page per KPI. */
const REVIEW_CSS = `
.verdict { display: inline-block; font-weight: 700; padding: .05rem .55rem; border-radius: 999px; border: 2px solid; white-space: nowrap; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.verdict-sustained { background: #e3effa; border-color: #0072b2; color: #003f66; }
.verdict-improved-further { background: #dff3ea; border-color: #009e73; color: #00543d; }
.verdict-degraded { background: #fde4d6; border-color: #d55e00; color: #7a2f00; }
.verdict-not-enough-data { background: #eef0f2; border-color: #6e7781; color: #2f363d; border-style: dashed; }
.status-fail { font-weight: 700; color: #7a2f00; }
.review-head .kicker { text-transform: uppercase; letter-spacing: .12em; color: var(--accent); font-weight: 700; margin: 0; }
.review-head h1 { font-size: 1.9rem; margin: .4rem 0 1rem; }
.kpi-page h2 { display: flex; flex-wrap: wrap; gap: .6rem; align-items: baseline; }
.evidence li { margin-bottom: .25rem; }
.kpi-page figure.chart { margin: .6rem 0 0; }
@media print {
  .kpi-page { break-before: page; break-inside: avoid; }
  .kpi-page h2 { margin-top: 0; }
  .kpi-page figure.chart svg { max-height: 80mm; }
}
`;

function factsHtml(items: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="fields">${items.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl>`;
}

function listHtml(items: readonly string[], empty: string): string {
  return items.length ? `<ul>${items.map((t) => `<li>${e(t)}</li>`).join('')}</ul>` : `<p class="empty">${e(empty)}</p>`;
}

function verdictTable(r: ReviewResult): string {
  if (r.verdicts.length === 0) return '<p class="empty">The event has no KPIs computed from a dataset, so there was nothing to review.</p>';
  const rows = r.verdicts.map((v) => {
    const ba = v.beforeAfter;
    return `<tr><td>${e(v.name)}</td><td>${verdictBadge(v.verdict)}</td><td class="num">${v.newPoints} of ${v.needed} needed</td><td class="num">${ba ? e(num(ba.meanBefore, v.unit)) : '—'}</td><td class="num">${ba ? e(num(ba.meanAfter, v.unit)) : '—'}</td><td>${e(v.direction === 'lower' ? 'lower' : 'higher')}</td></tr>`;
  });
  return `<table data-table="verdicts"><caption>Verdict per KPI</caption><thead><tr><th scope="col">KPI</th><th scope="col">Verdict</th><th scope="col" class="num">Follow-up points</th><th scope="col" class="num">Mean of the held stage</th><th scope="col" class="num">Follow-up mean</th><th scope="col">Better when</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function driftTable(r: ReviewResult): string {
  const d = r.numbers.drift;
  if (d.length === 0) return '<p class="empty">No key columns to check for drift (no drift analysis and no KPI with held limits).</p>';
  const rows = d.map((x) => `<tr><td>${e(x.column)}</td><td>${e(x.dataset)}</td><td class="num">${x.psi === null ? '—' : x.psi.toFixed(3)}</td><td class="num">${x.threshold}</td><td class="${x.status === 'fail' ? 'status-fail' : ''}">${e(STATUS_WORDS[x.status])}</td><td>${e(x.detail)}</td></tr>`);
  return `<table data-table="drift"><caption>Drift of the key columns against the event's reference window (PSI)</caption><thead><tr><th scope="col">Column</th><th scope="col">Dataset</th><th scope="col" class="num">PSI</th><th scope="col" class="num">Alert at</th><th scope="col">Status</th><th scope="col">Detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** "92 % of the event's gain retained" (R1's ratio: above 1 better than the event left it, below 0 worse than before). */
export function gainText(g: number | null): string | null {
  if (g === null || !Number.isFinite(g)) return null;
  const pct = `${Math.round(g * 100)} %`;
  if (g < 0) return `${pct}: worse than before the event`;
  if (g > 1) return `${pct}: better than the event left it`;
  return `${pct} of the event's gain retained`;
}

function fairnessTable(r: ReviewResult): string {
  const rows = r.numbers.fairness;
  if (rows.length === 0) return '<h3>Fairness gates</h3><p class="empty">No fairness gates were re-run (the event has no stored fairness analysis).</p>';
  const body = rows.map((f) => `<tr><td>${e(f.name)}</td><td class="${f.status === 'fail' ? 'status-fail' : ''}">${e(f.status === 'fail' ? 'Fail' : f.status === 'pass' ? 'Pass' : 'No data')}</td><td>${e(f.detail)}</td></tr>`);
  return `<table data-table="fairness"><caption>Fairness gates re-run on the new data</caption><thead><tr><th scope="col">Gate</th><th scope="col">Status</th><th scope="col">Detail</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function actionsTable(r: ReviewResult): string {
  const a = r.numbers.actions;
  if (a.open.length === 0) return '<p class="empty">No open actions when the review was run.</p>';
  const rows = a.open.map((x) => `<tr><td>${e(x.title)}</td><td>${e(x.status)}</td><td class="date">${e(formatDate(x.dueDate))}</td><td class="${x.overdue ? 'status-fail' : ''}">${x.overdue ? 'Overdue' : 'On time'}</td></tr>`);
  return `<table data-table="actions"><caption>Open actions (${a.open.length}, ${a.overdue} overdue)</caption><thead><tr><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Overdue?</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function nextStepsHtml(r: ReviewResult): string {
  return listHtml(
    r.nextSteps.map((s, i) => (r.nextStepActionIds[i] ? `${s} (now an action)` : s)),
    'No next steps were recorded.',
  );
}

function kpiPage(v: ReviewKpiResult, i: number, n: number, d: ReviewReportData): string {
  const lim = v.limits;
  const ba = v.beforeAfter;
  const retained = gainText(v.gainRetained);
  const facts: Array<[string, string]> = [
    ['Follow-up points', `${v.newPoints} (a verdict needs ${v.needed})`],
    ['Held limits', lim ? `${lim.chart.toUpperCase()} from "${lim.stage}", ${formatDate(lim.from)} – ${formatDate(lim.to)} (${lim.points} points): CL ${num(lim.center)}${lim.ucl !== null ? `, UCL ${num(lim.ucl)}` : ''}${lim.lcl !== null ? `, LCL ${num(lim.lcl)}` : ''}${v.unit ? ` ${v.unit}` : ''}` : 'none could be held'],
    ['Before / after', ba ? `${num(ba.meanBefore, v.unit)} → ${num(ba.meanAfter, v.unit)} (${ba.nBefore} vs ${ba.nAfter} points; Welch ${pValue(ba.welchP)}, Mann–Whitney ${pValue(ba.mannWhitneyP)})` : 'no test'],
    ['Better when', v.direction === 'lower' ? 'lower' : 'higher'],
  ];
  if (v.baseline) facts.push(['Before the event', `${num(v.baseline.mean, v.unit)} ("${v.baseline.stage}", ${v.baseline.points} points)`]);
  if (retained !== null) facts.push(['Gain retained', retained]);
  const chart = d.charts.get(v.kpiId);
  const figure =
    chart && isSafeSvg(chart.svg)
      ? `<figure class="chart">${stripNamespaces(chart.svg).replace(/^<svg/, `<svg role="img" aria-label="${e(chart.title)}"`)}<figcaption>${e(chart.alt)} Points beyond a held limit are marked (test 1).</figcaption></figure>`
      : `<p class="empty">${v.verdict === 'not-enough-data' ? 'No chart: too few follow-up points.' : 'No chart: the follow-up points could not be read again.'}</p>`;
  return `<section class="report-section kpi-page" aria-labelledby="kpi-${i}">
<h2 id="kpi-${i}"><span class="sec-num">KPI ${i + 1} of ${n}</span> ${e(v.name)} ${verdictBadge(v.verdict)}</h2>
${factsHtml(facts)}
<h3>Evidence</h3>
<ul class="evidence">${v.evidence.map((t) => `<li>${e(t)}</li>`).join('')}</ul>
${figure}
</section>`;
}

/**
 * The review report: a summary page (who, when, the verdict table, drift, fairness, open actions, data versions,
 * notes, next steps) and one page per KPI (verdict, held limits, before/after, evidence, a small control chart of
 * the follow-up points against the held limits). Self-contained HTML: every text escaped, no external reference.
 */
export function renderReviewHtml(d: ReviewReportData, baseCss: string): string {
  const r = d.result;
  const title = `${d.review.title} — ${d.event.name}`;
  const facts: Array<[string, string]> = [
    ['Run at', formatDateTime(r.createdAt)],
    ['Due', formatDate(d.review.dueDate)],
    ['Follow-up data since', formatDate(r.since)],
    ['Run by', r.author || '—'],
    ['Attendees', r.attendees.length ? r.attendees.join(', ') : 'none recorded'],
  ];
  const versions = r.datasetVersions.map((v) => `${v.name}: version ${v.version}`);
  const summary = `<section class="review-summary" aria-label="Summary">
<header class="review-head"><p class="kicker">Kaizen follow-up review</p><h1>${e(title)}</h1></header>
${factsHtml(facts)}
${verdictTable(r)}
${driftTable(r)}
${fairnessTable(r)}
${actionsTable(r)}
<h3>Data used</h3>
${listHtml(versions, 'No dataset was read.')}
<h3>Notes</h3>
${r.notes.trim() ? r.notes.split(/\r?\n/).filter((l) => l.trim()).map((l) => `<p class="review-note">${e(l)}</p>`).join('') : '<p class="empty">No notes.</p>'}
<h3>Next steps</h3>
${nextStepsHtml(r)}
<p class="empty">Generated ${e(formatDateTime(d.generatedAt))} by Kaizen Studio ${e(d.appVersion)} from the stored result (not recomputed).</p>
</section>`;
  const pages = r.verdicts.map((v, i) => kpiPage(v, i, r.verdicts.length, d)).join('\n');
  const footer = `<style>@page { @bottom-left { content: "${cssString(title)}"; } }</style>`;
  return htmlDocument({ title, css: `${baseCss}\n${REVIEW_CSS}`, body: `${footer}<main class="report review-report">${summary}\n${pages}</main>` });
}
