import { createHash } from 'node:crypto';
import type { Db } from './connection';

export type ChangeEntry = Readonly<{
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  reason?: string;
  payload?: unknown;
}>;

const GENESIS = '0'.repeat(64);

/** Appends to the hash-chained governance log: each row's hash covers its content and the previous hash. */
export function appendChange(db: Db, at: string, e: ChangeEntry): void {
  const prev = db.prepare('SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined;
  const prevHash = prev ?? GENESIS;
  const payload = JSON.stringify(e.payload ?? {});
  const reason = e.reason ?? '';
  const hash = createHash('sha256')
    .update([prevHash, at, e.actor, e.entity, e.entityId, e.action, reason, payload].join('\u001f'))
    .digest('hex');
  db.prepare(
    'INSERT INTO change_log (at, actor, entity, entity_id, action, reason, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)',
  ).run(at, e.actor, e.entity, e.entityId, e.action, reason, payload, prevHash, hash);
}

/** Recomputes the chain; returns the first broken sequence number, or null when intact. */
export function verifyChangeLog(db: Db): number | null {
  const rows = db.prepare('SELECT * FROM change_log ORDER BY seq').all() as Array<Record<string, string | number>>;
  let prev = GENESIS;
  for (const r of rows) {
    const hash = createHash('sha256')
      .update([prev, r.at, r.actor, r.entity, r.entity_id, r.action, r.reason, r.payload].join('\u001f'))
      .digest('hex');
    if (r.prev_hash !== prev || r.hash !== hash) return r.seq as number;
    prev = hash;
  }
  return null;
}
