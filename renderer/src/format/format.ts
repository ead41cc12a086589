/**
 * One date and number format for everything the app shows on screen, in one locale: the operating system's
 * (Electron's app locale, which Chromium hands the page as navigator.language; the browser's own in browser mode)
 * unless the user picked one in Display settings. Reports keep their documented fixed formats (README).
 *
 * Dates stored as ISO calendar days ("2026-11-09") are read from their digits and formatted in UTC, so no time
 * zone can shift the day; instants ("…T09:00:00Z") are shown in the machine's time zone.
 */
export type Formats = Readonly<{
  locale: string;
  /** A number with at most `maxDigits` decimals (default: sensible precision, see `auto`), grouped. */
  number: (v: number | null | undefined, maxDigits?: number) => string;
  /** Exactly `digits` decimals. */
  fixed: (v: number | null | undefined, digits: number) => string;
  /** Chart and KPI labels: 4 significant digits, grouped; an exponent below 0.001 and from a million up. */
  sig: (v: number | null | undefined) => string;
  /** Sensible precision: 1 decimal from 100 up, 2 from 1 up, else 3 significant digits. */
  auto: (v: number | null | undefined) => string;
  /** A whole count, grouped ("12,345" / "12.345"). */
  count: (v: number | null | undefined) => string;
  /** A ratio as a percentage with `digits` decimals ("12.5 %" / "12,5 %"). */
  percent: (ratio: number | null | undefined, digits?: number) => string;
  /** A calendar day ("9 Nov 2026" / "Nov 9, 2026" / "9. Nov. 2026"); text that is not ISO comes back unchanged. */
  date: (iso: string | null | undefined) => string;
  /** A day and a time of day. */
  dateTime: (iso: string | number | null | undefined) => string;
  /** A calendar day with its weekday ("Mon, 9 Nov 2026"). */
  longDate: (iso: string | null | undefined) => string;
  /** An instant as weekday and time of day ("Mon 14:05"). */
  weekdayTime: (iso: string | number | null | undefined) => string;
  /** A time of day ("14:05" / "2:05 PM"). */
  time: (iso: string | number | Date | null | undefined) => string;
}>;

const MISSING = '—';
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}

export function createFormats(requested: string): Formats {
  const locale = safeLocale(requested);
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat => {
    let f = cache.get(key);
    if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)));
    return f;
  };
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const number = (v: number | null | undefined, maxDigits = 2) =>
    ok(v) ? nf(`max${maxDigits}`, { maximumFractionDigits: maxDigits }).format(v) : MISSING;
  const fixed = (v: number | null | undefined, digits: number) =>
    ok(v) ? nf(`fix${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : MISSING;
  const auto = (v: number | null | undefined) => {
    if (!ok(v)) return MISSING;
    const a = Math.abs(v);
    return a >= 100 ? number(v, 1) : a >= 1 || a === 0 ? number(v, 2) : nf('sig3', { maximumSignificantDigits: 3 }).format(v);
  };
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dayTime = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const longDay = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const weekdayClock = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const instant = (v: string | number | Date): Date | null => {
    const d = v instanceof Date ? v : new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const sig = (v: number | null | undefined) => {
    if (!ok(v)) return MISSING;
    const a = Math.abs(v);
    if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(2);
    return nf('sig4', { maximumSignificantDigits: 4 }).format(v);
  };
  return {
    locale,
    number,
    sig,
    fixed,
    auto,
    count: (v) => (ok(v) ? nf('int', { maximumFractionDigits: 0 }).format(v) : MISSING),
    percent: (ratio, digits = 1) => (ok(ratio) ? `${fixed(ratio * 100, digits)} %` : MISSING),
    date: (iso) => {
      if (!iso) return MISSING;
      const m = ISO_DAY.exec(iso.slice(0, 10));
      if (!m) return iso;
      return day.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    dateTime: (v) => {
      if (v === null || v === undefined || v === '') return MISSING;
      if (typeof v === 'string' && ISO_DAY.test(v)) return day.format(new Date(`${v}T00:00:00Z`));
      const d = instant(v);
      return d ? dayTime.format(d) : String(v);
    },
    longDate: (iso) => {
      if (!iso) return MISSING;
      const m = ISO_DAY.exec(iso.slice(0, 10));
      return m ? longDay.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) : iso;
    },
    weekdayTime: (v) => {
      if (v === null || v === undefined || v === '') return MISSING;
      const d = instant(v);
      return d ? weekdayClock.format(d) : String(v);
    },
    time: (v) => {
      if (v === null || v === undefined || v === '') return MISSING;
      const d = instant(v);
      return d ? clock.format(d) : String(v);
    },
  };
}
