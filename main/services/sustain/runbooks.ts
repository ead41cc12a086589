import { diffLines } from 'diff';
import { AppError, notFound } from '../../../common/contract/errors';
import type { DiffLine, Runbook, RunbookDiff, RunbookKind, RunbookVersion, RunbookWithVersion } from '../../../common/contract/schemas/sustain';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/sustain';
import { requireEvent } from '../lookups';
import { actorFor } from '../governance/people';
import { RUNBOOK_TEMPLATES } from './templates';

/** One line-ending convention in storage, so line counts, diffs and "nothing changed" agree. */
const normalise = (body: string): string => body.replace(/\r\n?/g, '\n');

/** A runbook as the list shows it (latest title and version, the KPIs linking it). */
export function runbookOf(ctx: ServiceContext, id: string): Runbook {
  const r = repo.findRunbook(ctx.db, id);
  if (!r) throw notFound('Runbook', id);
  requireEvent(ctx, r.eventId);
  return { ...r, linkedKpis: repo.linkedKpiNames(ctx.db, r.eventId).get(id) ?? [] };
}

export function listRunbooks(ctx: ServiceContext, eventId: string): Runbook[] {
  requireEvent(ctx, eventId);
  const linked = repo.linkedKpiNames(ctx.db, eventId);
  return repo.listRunbooks(ctx.db, eventId).map((r) => ({ ...r, linkedKpis: linked.get(r.id) ?? [] }));
}

function requireVersion(ctx: ServiceContext, runbookId: string, version: number): RunbookVersion {
  const v = repo.findVersion(ctx.db, runbookId, version);
  if (!v) throw new AppError('NOT_FOUND', `Runbook version ${version} does not exist.`, { id: runbookId, version });
  return v;
}

export function getRunbook(ctx: ServiceContext, id: string, version?: number): RunbookWithVersion {
  const runbook = runbookOf(ctx, id);
  return { runbook, version: requireVersion(ctx, id, version ?? runbook.latestVersion) };
}

type VersionInput = Readonly<{ title: string; body: string; note: string; restoredFrom: number | null }>;

/** Appends version `latest + 1` and its change-log entry (covering the row) in one transaction. */
function appendVersion(ctx: ServiceContext, runbookId: string, eventId: string, v: VersionInput, first?: { kind: RunbookKind }): void {
  const { db } = ctx;
  const at = ctx.nowIso();
  const author = actorFor(ctx, eventId);
  db.transaction(() => {
    if (first) repo.insertRunbook(db, runbookId, eventId, first.kind, at);
    const latest = first ? 0 : (repo.findRunbook(db, runbookId)?.latestVersion ?? 0);
    const id = ctx.newId();
    repo.insertVersion(db, { id, runbookId, version: latest + 1, title: v.title, body: normalise(v.body), note: v.note, restoredFrom: v.restoredFrom, author, at });
    appendChange(db, at, {
      actor: author,
      entity: 'runbook',
      entityId: runbookId,
      action: first ? 'create' : v.restoredFrom !== null ? 'restore' : 'save',
      reason: v.note,
      payload: { eventId, version: latest + 1, title: v.title, restoredFrom: v.restoredFrom },
      eventId,
      record: { table: 'runbook_versions', id },
    });
  })();
  ctx.bus.emit('data-changed', { eventId, area: 'runbooks' });
}

export function createRunbook(ctx: ServiceContext, input: { eventId: string; id?: string; kind: RunbookKind; title?: string; body?: string }): RunbookWithVersion {
  requireEvent(ctx, input.eventId);
  const id = input.id ?? ctx.newId();
  if (repo.findRunbook(ctx.db, id)) throw new AppError('CONFLICT', `A runbook with id "${id}" already exists.`, { id });
  const template = RUNBOOK_TEMPLATES[input.kind];
  appendVersion(ctx, id, input.eventId, { title: input.title ?? template.title, body: input.body ?? template.body, note: 'Created from the template', restoredFrom: null }, { kind: input.kind });
  return getRunbook(ctx, id);
}

export function saveRunbook(ctx: ServiceContext, input: { id: string; baseVersion: number; title: string; body: string; note?: string }): RunbookWithVersion & { created: boolean } {
  const current = getRunbook(ctx, input.id);
  const latest = current.runbook.latestVersion;
  if (input.baseVersion !== latest) {
    throw new AppError(
      'CONFLICT',
      `Someone saved version ${latest} of "${current.runbook.title}" while you were editing version ${input.baseVersion}: open version ${latest}, compare, and save again. Nothing was overwritten.`,
      { id: input.id, latestVersion: latest, baseVersion: input.baseVersion },
    );
  }
  if (current.version.title === input.title && current.version.body === normalise(input.body)) return { ...current, created: false };
  appendVersion(ctx, input.id, current.runbook.eventId, { title: input.title, body: input.body, note: input.note ?? '', restoredFrom: null });
  return { ...getRunbook(ctx, input.id), created: true };
}

export function restoreRunbook(ctx: ServiceContext, input: { id: string; version: number; note?: string }): RunbookWithVersion {
  const { runbook } = getRunbook(ctx, input.id);
  const old = requireVersion(ctx, input.id, input.version);
  const note = input.note?.trim() ? input.note : `Restored version ${old.version}`;
  appendVersion(ctx, input.id, runbook.eventId, { title: old.title, body: old.body, note, restoredFrom: old.version });
  return getRunbook(ctx, input.id);
}

/** Splits a diff chunk into its lines (the chunk's last newline ends its last line; it does not start another). */
function chunkLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A line diff (the `diff` package's Myers diff on lines) from version `from` to version `to`, with line numbers on both sides. */
export function diffVersions(ctx: ServiceContext, input: { id: string; from: number; to: number }): RunbookDiff {
  runbookOf(ctx, input.id);
  const a = requireVersion(ctx, input.id, input.from);
  const b = requireVersion(ctx, input.id, input.to);
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  const withEol = (t: string) => (t === '' || t.endsWith('\n') ? t : `${t}\n`); // a last line without newline is still the same line
  for (const change of diffLines(withEol(a.body), withEol(b.body))) {
    for (const text of chunkLines(change.value)) {
      if (change.added) {
        lines.push({ kind: 'added', text, oldLine: null, newLine: newLine++ });
        added++;
      } else if (change.removed) {
        lines.push({ kind: 'removed', text, oldLine: oldLine++, newLine: null });
        removed++;
      } else {
        lines.push({ kind: 'same', text, oldLine: oldLine++, newLine: newLine++ });
      }
    }
  }
  const { body: _a, ...from } = a;
  const { body: _b, ...to } = b;
  return { runbookId: input.id, from, to, lines, added, removed };
}
