import type { ColumnType } from '../../../../common/contract/schemas/datasets';

const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const intf = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return intf.format(n);
}

/** A stored cell shown as text: timestamps as ISO 8601 UTC, booleans as true/false, numbers grouped. */
export function formatCell(v: number | string | null, type: ColumnType): string {
  if (v === null) return '';
  if (type === 'timestamp' && typeof v === 'number') return new Date(v).toISOString().replace('.000Z', 'Z');
  if (type === 'boolean') return v === 1 ? 'true' : 'false';
  if (typeof v === 'number') return nf.format(v);
  return v;
}

/** A statistic with its unit ("412.5 ms"); timestamps as dates. */
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const nf2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const sig = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** Sensible precision: 1 decimal from 100 up, 2 from 1 up, else 3 significant digits. */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? nf1.format(v) : a >= 1 ? nf2.format(v) : sig.format(v);
}

export function formatStat(v: number | null, type: ColumnType, unit: string | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (type === 'timestamp') return new Date(v).toISOString().replace('.000Z', 'Z');
  return unit ? `${formatNumber(v)} ${unit}` : formatNumber(v);
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
