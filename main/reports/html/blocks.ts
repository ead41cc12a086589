import type { Block, Cell, ReportColumn, ReportTable } from '../model';
import { escapeMarkup } from '../../../common/domain/text/escape';
import { isSafeSvg, stripNamespaces } from '../svg';
import { formatDate, formatDateTime } from '../../../common/domain/text/dates';

/** Multi-line user text: one line → a paragraph; several lines → a list, as the team typed them. */
export function textHtml(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length <= 1) return `<p>${escapeMarkup(lines[0] ?? '')}</p>`;
  return `<ul>${lines.map((l) => `<li>${escapeMarkup(l.replace(/^[-•*]\s+/, ''))}</li>`).join('')}</ul>`;
}

/** A cell as the reader sees it: numbers with thousands separators, Yes/No, dates spelled out. */
export function cellText(value: Cell, col: ReportColumn): string {
  if (value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    const digits = col.type === 'integer' ? 0 : Math.abs(value) >= 100 ? 1 : 3;
    return value.toLocaleString('en-US', { maximumFractionDigits: digits });
  }
  if (col.type === 'date') return formatDate(value);
  if (col.type === 'datetime') return formatDateTime(value);
  return value;
}

/** Tables with at least this many columns get class="wide" (report.css) so they fit an A4 page. */
export const WIDE_COLUMNS = 9;

function headerText(col: ReportColumn): string {
  return col.unit ? `${col.label} (${col.unit})` : col.label;
}

export function tableHtml(table: ReportTable, empty: string): string {
  if (table.rows.length === 0) return `<p class="empty">${escapeMarkup(empty)}</p>`;
  const numeric = (c: ReportColumn) => c.type === 'number' || c.type === 'integer';
  const head = table.columns.map((c) => `<th scope="col"${numeric(c) ? ' class="num"' : ''}>${escapeMarkup(headerText(c))}</th>`).join('');
  const cls = (c: ReportColumn) => (numeric(c) ? ' class="num"' : c.type === 'date' ? ' class="date"' : '');
  const body = table.rows
    .map((r) => `<tr>${table.columns.map((c, i) => `<td${cls(c)}>${escapeMarkup(cellText(r[i] ?? null, c))}</td>`).join('')}</tr>`)
    .join('\n');
  // Nine or more columns: the print stylesheet's "wide" table (smaller type, wrapping cells) so no column is cut.
  const wide = table.columns.length >= WIDE_COLUMNS ? ' class="wide"' : '';
  return `<table data-table="${escapeMarkup(table.id)}"${wide}><caption>${escapeMarkup(table.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'fields':
      return `<dl class="fields">${b.items.map((f) => `<div><dt>${escapeMarkup(f.label)}</dt><dd>${escapeMarkup(f.value)}</dd></div>`).join('')}</dl>`;
    case 'text':
      return `<div class="text-block">${b.title ? `<h3>${escapeMarkup(b.title)}</h3>` : ''}${textHtml(b.text)}</div>`;
    case 'table':
      return tableHtml(b.table, b.empty);
    case 'chart': {
      const { chart } = b;
      const figure = isSafeSvg(chart.svg)
        ? stripNamespaces(chart.svg).replace(/^<svg[^>]*>/, (open) => open.replace(/\s(role|aria-label)="[^"]*"/g, '').replace(/^<svg/, `<svg role="img" aria-label="${escapeMarkup(chart.title)}"`))
        : `<p class="note warning">This chart could not be embedded safely; its data follows.</p>`;
      return `<figure class="chart" id="chart-${escapeMarkup(chart.id)}">${figure}<figcaption><strong>${escapeMarkup(chart.title)}.</strong> ${escapeMarkup(chart.alt)}</figcaption></figure>`;
    }
    case 'note':
      return `<p class="note ${b.tone}">${escapeMarkup(b.text)}</p>`;
    case 'subheading':
      return `<h3>${escapeMarkup(b.text)}</h3>`;
    case 'footnote':
      return `<p class="footnote">${escapeMarkup(b.text)}</p>`;
  }
}
