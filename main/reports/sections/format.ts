/** Shared formatting for section renderers: dates as the team reads them, empty values named, not blank. */
export const NONE = '—';

export function orNone(text: string | null | undefined): string {
  return text && text.trim() ? text : NONE;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-09" → "9 Nov 2026" (no time zone shift: the date is a calendar date). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "9 Nov 2026 – 13 Nov 2026", or the one date that is set. */
export function formatDateRange(start: string | null, end: string | null): string {
  if (start && end) return `${formatDate(start)} – ${formatDate(end)}`;
  return start ? `from ${formatDate(start)}` : end ? `until ${formatDate(end)}` : 'dates not set';
}

/** "2026-11-20T09:00:00.000Z" → "20 Nov 2026 09:00 UTC". */
export function formatDateTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${formatDate(m[1])} ${m[2]} UTC` : iso;
}
