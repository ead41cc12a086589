import { fileStem } from '../../../common/domain/text/fileStem';
import type { ChainStatus, LogEntry } from '../../../common/contract/schemas/governance';
import type { ServiceContext } from '../../context';
import { checkChain } from '../../db/changeLog';
import { logOfEvent } from '../../db/repositories/governance';
import type { LogRow } from '../../db/repositories/governance';
import { tableToCsv } from '../../reports/formats/csv';
import type { ReportTable } from '../../reports/model';
import { requireEvent } from '../lookups';

/** "chain intact, 42 entries, head 3f9a1c2e…" or the first broken entry, in words. */
export function chainStatus(ctx: ServiceContext): ChainStatus {
  const r = checkChain(ctx.db);
  const first = r.breaks[0] ?? null;
  const short = r.head.slice(0, 8);
  return {
    intact: first === null,
    entries: r.entries,
    head: r.head,
    message: first === null ? `chain intact, ${r.entries} entries, head ${short}…` : `chain broken at entry ${first.seq}: ${first.message}`,
    firstBreak: first,
  };
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** One readable line for an entry: what changed, before → after where the entry says. */
export function summarize(entity: string, action: string, payload: Record<string, unknown>): string {
  if ('before' in payload || 'after' in payload) {
    const what = typeof payload.component === 'string' ? `${payload.component}: ` : '';
    return `${what}${text(payload.before)} → ${text(payload.after)}`;
  }
  if (entity === 'decision' && typeof payload.decision === 'string') return payload.decision;
  if (entity === 'kpi') {
    const parts = (['target', 'alertThreshold', 'baseline', 'lsl', 'usl'] as const).filter((k) => payload[k] !== undefined && payload[k] !== null).map((k) => `${k} ${text(payload[k])}`);
    const name = typeof payload.name === 'string' ? `${payload.name}` : '';
    return [name, parts.join(', ')].filter(Boolean).join(' — ') || `${action} KPI`;
  }
  if (entity === 'analysis' && 'pass' in payload) {
    const verdict = payload.pass === null ? 'inconclusive' : payload.pass ? 'pass' : 'fail';
    return `fairness gate ${text(payload.metric)} ${text(payload.value)} vs ${text(payload.threshold)}: ${verdict}`;
  }
  if (typeof payload.name === 'string') return `${action} ${payload.name}`;
  if (typeof payload.member === 'string') return `${action} passphrase of ${payload.member}`;
  if (typeof payload.title === 'string') return `${action} ${payload.title}`;
  return `${action} ${entity}`;
}

function toEntry(r: LogRow): LogEntry {
  let payload: Record<string, unknown> = {};
  try {
    const p = JSON.parse(r.payload) as unknown;
    if (p && typeof p === 'object' && !Array.isArray(p)) payload = p as Record<string, unknown>;
  } catch {
    // an unreadable payload shows as the bare action; the chain check reports it
  }
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    area: r.entity,
    entityId: r.entity_id,
    action: r.action,
    summary: summarize(r.entity, r.action, payload),
    reason: r.reason,
    payload,
    recordTable: r.record_table,
    recordId: r.record_id,
    hash: r.hash,
    prevHash: r.prev_hash,
    hashVersion: r.hash_version,
  };
}

/** The event's change-log entries, oldest first. */
export function listLog(ctx: ServiceContext, eventId: string): LogEntry[] {
  requireEvent(ctx, eventId, { allowDeleted: true });
  return logOfEvent(ctx.db, eventId).map(toEntry);
}

const CSV_COLUMNS = [
  ['seq', 'Seq', 'integer'],
  ['at', 'Time (UTC)', 'datetime'],
  ['actor', 'Actor', 'text'],
  ['area', 'Area', 'text'],
  ['entityId', 'Entity id', 'text'],
  ['action', 'Action', 'text'],
  ['summary', 'What', 'text'],
  ['reason', 'Reason', 'text'],
  ['payload', 'Payload (JSON)', 'text'],
  ['recordTable', 'Recorded table', 'text'],
  ['recordId', 'Recorded row', 'text'],
  ['hashVersion', 'Hash version', 'integer'],
  ['prevHash', 'Previous hash', 'text'],
  ['hash', 'Hash', 'text'],
] as const;

/**
 * The event's log for an auditor, with each entry's hash and previous hash so the chain can be followed on
 * paper. CSV cells go through the reports' formula neutralisation; JSON carries the chain status too.
 */
export function exportLog(ctx: ServiceContext, eventId: string, format: 'csv' | 'json'): { fileName: string; mimeType: string; content: string } {
  const event = requireEvent(ctx, eventId, { allowDeleted: true });
  const entries = listLog(ctx, eventId);
  const stem = `${fileStem(event.name, 'event')}-change-log`;
  if (format === 'json') {
    const status = chainStatus(ctx);
    const doc = { event: { id: event.id, name: event.name }, exportedAt: ctx.nowIso(), chain: { intact: status.intact, entries: status.entries, head: status.head, message: status.message }, entries };
    return { fileName: `${stem}.json`, mimeType: 'application/json', content: `${JSON.stringify(doc, null, 2)}\n` };
  }
  const table: ReportTable = {
    id: 'change-log',
    title: 'Change log',
    columns: CSV_COLUMNS.map(([key, label, type]) => ({ key, label, type })),
    rows: entries.map((e) => CSV_COLUMNS.map(([key]) => (key === 'payload' ? JSON.stringify(e.payload) : (e[key] as string | number | null)))),
  };
  return { fileName: `${stem}.csv`, mimeType: 'text/csv', content: tableToCsv(table).toString('utf8') };
}
