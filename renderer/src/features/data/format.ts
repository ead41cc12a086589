import type { ColumnType } from '../../../../common/contract/schemas/datasets';
import { fmt } from '../../format';

/** A count in the app's locale (renderer/src/format). */
export function formatCount(n: number): string {
  return fmt().count(n);
}

/** A stored cell shown as text: timestamps as ISO 8601 UTC, booleans as true/false, numbers grouped. */
export function formatCell(v: number | string | null, type: ColumnType): string {
  if (v === null) return '';
  if (type === 'timestamp' && typeof v === 'number') return new Date(v).toISOString().replace('.000Z', 'Z');
  if (type === 'boolean') return v === 1 ? 'true' : 'false';
  if (typeof v === 'number') return fmt().number(v, 3);
  return v;
}

/** A statistic with its unit ("412.5 ms"); timestamps as dates. */
/** Sensible precision: 1 decimal from 100 up, 2 from 1 up, else 3 significant digits. */
export function formatNumber(v: number): string {
  return fmt().auto(v);
}

export function formatStat(v: number | null, type: ColumnType, unit: string | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (type === 'timestamp') return new Date(v).toISOString().replace('.000Z', 'Z');
  return unit ? `${formatNumber(v)} ${unit}` : formatNumber(v);
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${fmt().fixed(n / 1024 ** 3, 1)} GiB`;
  if (n >= 1024 ** 2) return `${fmt().fixed(n / 1024 ** 2, 1)} MiB`;
  if (n >= 1024) return `${fmt().fixed(n / 1024, 1)} KiB`;
  return `${fmt().count(n)} bytes`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
