import { A3_FIELDS, A3_FIELD_LABELS } from '../../../common/contract/schemas/reports';
import type { A3Draft, A3FieldName } from '../../../common/contract/schemas/reports';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import { escapeMarkup } from '../../../common/domain/text/escape';
import { textHtml } from '../html/blocks';
import { isSafeSvg, stripNamespaces } from '../svg';
import { NO_FIGURES } from './a3Figures';
import type { A3Figure, A3Figures } from './a3Figures';
import { htmlDocument } from '../html/document';
import { formatDateRange, orNone } from '../sections/format';
import { formatDateTime } from '../../../common/domain/text/dates';

/** The classic A3 flow: the left column tells the problem, the right column the fix and its results. */
const LEFT: readonly A3FieldName[] = ['background', 'currentCondition', 'goal', 'rootCause'];
const RIGHT: readonly A3FieldName[] = ['countermeasures', 'plan', 'followUp'];

/** Which box shows which picture: the current map with the current condition, the future map with the countermeasures, the KPIs in follow-up. */
const FIGURE_OF: Partial<Record<A3FieldName, keyof A3Figures>> = { currentCondition: 'current', countermeasures: 'future', followUp: 'kpis' };

/** A picture inline (SVG checked like every report chart), labelled for screen readers by its text alternative. */
function figureHtml(f: A3Figure): string {
  if (!isSafeSvg(f.svg)) return '';
  const svg = stripNamespaces(f.svg).replace(/^<svg[^>]*>/, (open) => open.replace(/\s(role|aria-label)="[^"]*"/g, '').replace(/^<svg/, `<svg role="img" aria-label="${escapeMarkup(f.alt)}"`));
  return `<figure class="a3-fig">${svg}<figcaption>${escapeMarkup(f.title)}</figcaption></figure>`;
}

function box(draft: A3Draft, f: A3FieldName, figures: A3Figures): string {
  const n = A3_FIELDS.indexOf(f) + 1;
  const text = draft.fields[f].trim();
  const key = FIGURE_OF[f];
  const fig = key ? figures[key] : null;
  return `<section class="a3-box" data-field="${f}"><h2><span>${n}</span> ${escapeMarkup(A3_FIELD_LABELS[f])}</h2>${text ? textHtml(text) : '<p class="empty">Not filled in.</p>'}${fig ? figureHtml(fig) : ''}</section>`;
}

/** The A3 summary as one landscape page (A3, or A4 scaled down), self-contained like the full report, with its pictures inline. */
export function renderA3Html(event: KaizenEvent, draft: A3Draft, css: string, meta: { generatedAt: string; appVersion: string; team: string[] }, figures: A3Figures = NO_FIGURES): string {
  // The page is filled top to bottom (boxes stretch), as a paper A3 on the wall is.
  const page = draft.paper === 'A4'
    ? '@page { size: A4 landscape; margin: 8mm; } html { font-size: 7.4pt; } .a3 { height: 193mm; }'
    : '@page { size: A3 landscape; margin: 10mm; } html { font-size: 10.5pt; } .a3 { height: 276mm; }';
  const body = `<style>@media print { ${page} }</style>
<main class="a3" data-paper="${draft.paper}">
<header class="a3-head">
<div><p class="kicker">A3 summary</p><h1>${escapeMarkup(draft.title)}</h1></div>
<dl>
<div><dt>Dates</dt><dd>${escapeMarkup(formatDateRange(event.startDate, event.endDate))}</dd></div>
<div><dt>Sponsor</dt><dd>${escapeMarkup(orNone(event.sponsor))}</dd></div>
<div><dt>Facilitator</dt><dd>${escapeMarkup(orNone(event.facilitator))}</dd></div>
<div><dt>Team</dt><dd>${escapeMarkup(meta.team.join(', ') || '—')}</dd></div>
</dl>
</header>
<div class="a3-cols">
<div class="a3-col">${LEFT.map((f) => box(draft, f, figures)).join('')}</div>
<div class="a3-col">${RIGHT.map((f) => box(draft, f, figures)).join('')}</div>
</div>
<footer class="a3-foot">Generated ${escapeMarkup(formatDateTime(meta.generatedAt))} · Kaizen Studio ${escapeMarkup(meta.appVersion)} · event <code>${escapeMarkup(event.id)}</code></footer>
</main>`;
  return htmlDocument({ title: `${draft.title} — A3 summary`, css, body });
}
