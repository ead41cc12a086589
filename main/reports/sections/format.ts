import { formatDate } from '../../../common/domain/text/dates';

/** Shared formatting for section renderers: date ranges as the team reads them, empty values named, not blank. */
export const NONE = '—';

export function orNone(text: string | null | undefined): string {
  return text && text.trim() ? text : NONE;
}

/** "9 Nov 2026 – 13 Nov 2026", or the one date that is set. */
export function formatDateRange(start: string | null, end: string | null): string {
  if (start && end) return `${formatDate(start)} – ${formatDate(end)}`;
  return start ? `from ${formatDate(start)}` : end ? `until ${formatDate(end)}` : 'dates not set';
}
