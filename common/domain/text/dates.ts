const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A calendar date as people read it: "2026-11-09" (or any ISO string starting so) → "9 Nov 2026"; "—" when
 * missing; text that is not an ISO date comes back unchanged. Read from the digits, never through `Date`, so
 * no time zone can shift the day, and without Intl (whose first use in a page costs tens of ms). The app's
 * KPI views and the reports label dates with it, so both show the same text.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "2026-11-20T09:00:00.000Z" → "20 Nov 2026 09:00 UTC"; other text unchanged. */
export function formatDateTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${formatDate(m[1])} ${m[2]} UTC` : iso;
}
