import { TEAM_ROLE_LABELS } from '../../../common/contract/schemas/team';
import type { TeamRole } from '../../../common/contract/schemas/team';
import type { ReportModel } from '../model';
import { escapeMarkup } from '../../../common/domain/text/escape';
import { formatDateRange, orNone } from '../sections/format';
import { formatDateTime } from '../../../common/domain/text/dates';
import { blockHtml } from './blocks';
import { htmlDocument } from './document';

function roleLabel(role: string): string {
  return TEAM_ROLE_LABELS[role as TeamRole] ?? role;
}

function coverHtml(m: ReportModel): string {
  const e = m.event;
  const team = m.team.length
    ? `<ul class="cover-team">${m.team.map((t) => `<li>${escapeMarkup(t.name)} <span>${escapeMarkup(roleLabel(t.role))}</span></li>`).join('')}</ul>`
    : '<p>No team members recorded.</p>';
  const facts: Array<[string, string]> = [
    ['Dates', formatDateRange(e.startDate, e.endDate)],
    ['Location', orNone(e.location)],
    ['Sponsor', orNone(e.sponsor)],
    ['Facilitator', orNone(e.facilitator)],
  ];
  return `<section class="cover" aria-label="Cover">
<p class="kicker">Kaizen event report</p>
<h1>${escapeMarkup(e.name)}</h1>
<dl class="cover-facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${escapeMarkup(v)}</dd></div>`).join('')}</dl>
<h2>Team</h2>
${team}
<dl class="cover-meta">
<div><dt>Generated</dt><dd>${escapeMarkup(formatDateTime(m.generatedAt))}</dd></div>
<div><dt>Kaizen Studio</dt><dd>version ${escapeMarkup(m.appVersion)}</dd></div>
<div><dt>Event id</dt><dd><code>${escapeMarkup(e.id)}</code></dd></div>
</dl>
</section>`;
}

function tocHtml(m: ReportModel): string {
  if (m.sections.length === 0) return '';
  const items = m.sections.map((s, i) => `<li><a href="#sec-${escapeMarkup(s.id)}"><span class="toc-num">${i + 1}</span> ${escapeMarkup(s.title)}</a></li>`).join('');
  return `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${items}</ol></nav>`;
}

/** The full event report as one self-contained HTML document (also the source of the PDF). */
export function renderReportHtml(m: ReportModel, css: string): string {
  const sections = m.sections
    .map(
      (s, i) =>
        `<section class="report-section" id="sec-${escapeMarkup(s.id)}" aria-labelledby="h-${escapeMarkup(s.id)}">
<h2 id="h-${escapeMarkup(s.id)}"><span class="sec-num">${i + 1}</span> ${escapeMarkup(s.title)}</h2>
${s.blocks.map(blockHtml).join('\n')}
</section>`,
    )
    .join('\n');
  const empty = m.sections.length === 0 ? '<p class="empty">No sections were chosen for this report.</p>' : '';
  // The running footer text for print comes from CSS (@page margin boxes); the event name is passed as a string.
  const footer = `<style>@page { @bottom-left { content: "${cssString(m.event.name)}"; } } @page :first { @bottom-left { content: none; } @bottom-right { content: none; } }</style>`;
  return htmlDocument({
    title: `${m.event.name} — Kaizen event report`,
    css,
    body: `${footer}<main class="report">${coverHtml(m)}${tocHtml(m)}${sections}${empty}</main>`,
  });
}

/** A CSS string literal body: quotes, backslashes and angle brackets escaped, newlines removed, capped. */
export function cssString(text: string): string {
  return text
    .slice(0, 90)
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[<>\r\n\f]/g, ' ');
}
