import { addDays } from '../../../common/domain/governance/freeze';
import { AppError, notFound } from '../../../common/contract/errors';
import type { DpaEntry, PersonalColumn } from '../../../common/contract/schemas/freeze';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/signoffs';
import type { StoredDpa } from '../../db/repositories/signoffs';
import * as datasets from '../../db/repositories/datasets';
import * as improve from '../../db/repositories/improve';
import * as team from '../../db/repositories/team';
import { requireEvent } from '../lookups';
import { actorFor } from './people';
import { todayIso } from './freeze';

/** Days the compliance member gets to review the DPA (the action's due date). */
export const DPA_REVIEW_DAYS = 14;

function withCorrections(entries: readonly StoredDpa[]): DpaEntry[] {
  return entries.map((e) => ({ ...e, correctedById: [...entries].reverse().find((x) => x.correctsId === e.id)?.id ?? null }));
}

/**
 * Creates one "Review the DPA" action (owner: the team's compliance/legal member) for the personal columns of a
 * source that have not raised one before, so re-importing the same file or marking the same column again adds
 * nothing. Returns the action id, or null when every column was already reviewed. Runs inside the caller's
 * transaction when there is one. The registry calls it for a model version whose features include a personal column.
 */
export function raiseDpaReview(
  ctx: ServiceContext,
  input: { eventId: string; source: { kind: 'dataset' | 'model-version'; id: string; label: string }; columns: readonly string[] },
): string | null {
  const { db } = ctx;
  const fresh = repo.untriggeredColumns(db, input.eventId, input.source.kind, input.source.id, input.columns);
  if (fresh.length === 0) return null;
  const compliance = team.listMembers(db, input.eventId).find((m) => m.role === 'compliance-legal') ?? null;
  const id = ctx.newId();
  const at = ctx.nowIso();
  const what = input.source.kind === 'dataset' ? `dataset "${input.source.label}"` : `model version ${input.source.label}`;
  const cols = fresh.join(', ');
  const run = () => {
    improve.insertAction(db, id, input.eventId, at, {
      title: `Review the DPA: ${what} uses personal data (${cols})`.slice(0, 300),
      description:
        `The ${what} uses column${fresh.length === 1 ? '' : 's'} marked personal: ${cols}. Check that the DPA register (Governance → Freeze & DPA) ` +
        `records this use with its purpose, legal basis, retention and processor, and update the data-processing agreement if it does not.` +
        (compliance ? '' : ' Nobody in the team has the Compliance / legal role yet: add them and make them the owner.'),
      ownerId: compliance?.id ?? null,
      dueDate: addDays(todayIso(ctx), DPA_REVIEW_DAYS),
      status: 'planned',
      effort: 'low',
      expectedEffect: null,
      links: [],
    });
    for (const c of fresh) repo.insertTrigger(db, input.eventId, input.source.kind, input.source.id, c, id, at);
  };
  if (db.inTransaction) run();
  else db.transaction(run)();
  ctx.bus.emit('data-changed', { eventId: input.eventId, area: 'actions' });
  return id;
}

/** Sets a column's personal flag (logged with the row it records); null when nothing changed. */
function setFlag(ctx: ServiceContext, eventId: string, datasetId: string, datasetName: string, column: string, personal: boolean, how: 'import' | 'data page'): boolean {
  const { db } = ctx;
  const old = repo.findColumnFlag(db, datasetId, column);
  if ((old?.personal ?? false) === personal && old) return false;
  if (!old && !personal) return false;
  const actor = actorFor(ctx, eventId);
  const at = ctx.nowIso();
  repo.saveColumnFlag(db, { id: old?.id ?? ctx.newId(), datasetId, column, personal, updatedAt: at, updatedBy: actor });
  const id = repo.findColumnFlag(db, datasetId, column)!.id;
  appendChange(db, at, {
    actor,
    entity: 'dataset-column',
    entityId: id,
    action: personal ? 'mark-personal' : 'unmark-personal',
    reason: `on ${how}`,
    eventId,
    payload: { dataset: datasetName, datasetId, column, before: old?.personal ?? false, after: personal },
    record: { table: 'dataset_column_flags', id },
  });
  return true;
}

/**
 * After an import: marks the chosen columns personal (only those the version stores) and raises the DPA review
 * for any that never raised one. Columns already marked stay marked (unmarking is a deliberate act on the Data page).
 */
export function markPersonalAtImport(ctx: ServiceContext, eventId: string, datasetId: string, columns: readonly string[]): void {
  const { db } = ctx;
  const ds = datasets.findDataset(db, datasetId);
  const v = ds ? datasets.latestVersion(db, datasetId) : null;
  if (!ds || !v) return;
  const stored = new Set(v.columns.map((c) => c.name));
  const chosen = [...new Set(columns)].filter((c) => stored.has(c));
  if (chosen.length === 0) return;
  db.transaction(() => {
    for (const c of chosen) setFlag(ctx, eventId, datasetId, ds.name, c, true, 'import');
    raiseDpaReview(ctx, { eventId, source: { kind: 'dataset', id: datasetId, label: ds.name }, columns: repo.personalColumns(db, datasetId) });
  })();
  ctx.bus.emit('data-changed', { eventId, area: 'datasets' });
}

const toPersonal = (f: repo.ColumnFlag): PersonalColumn => ({ datasetId: f.datasetId, column: f.column, personal: f.personal, updatedAt: f.updatedAt, updatedBy: f.updatedBy });

export function dpaHandlers(ctx: ServiceContext): Handlers<MethodsOf<'dpa'>> {
  const { db } = ctx;
  const requireDataset = (datasetId: string) => {
    const ds = datasets.findDataset(db, datasetId);
    if (!ds) throw notFound('Dataset', datasetId);
    requireEvent(ctx, ds.eventId);
    return ds;
  };
  return {
    'dpa-list': ({ eventId }) => {
      requireEvent(ctx, eventId, { allowDeleted: true });
      return withCorrections(repo.listDpa(db, eventId));
    },
    'dpa-create': ({ eventId, fields, correctsId }) => {
      requireEvent(ctx, eventId);
      let datasetName = fields.datasetName;
      if (fields.datasetId !== null) {
        const ds = datasets.findDataset(db, fields.datasetId);
        if (!ds || ds.eventId !== eventId) throw new AppError('BAD_INPUT', `fields.datasetId: no dataset "${fields.datasetId}" in this event.`);
        datasetName = ds.name;
      } else if (!datasetName) {
        throw new AppError('BAD_INPUT', 'fields.datasetName: name the data source when it is not an imported dataset.');
      }
      if (correctsId !== null) {
        const old = repo.findDpa(db, correctsId);
        if (!old || old.eventId !== eventId) throw notFound('DPA entry to correct', correctsId);
      }
      const e: StoredDpa = { ...fields, datasetName, id: ctx.newId(), eventId, correctsId, recordedBy: actorFor(ctx, eventId), createdAt: ctx.nowIso() };
      db.transaction(() => {
        repo.insertDpa(db, e);
        appendChange(db, e.createdAt, {
          actor: e.recordedBy,
          entity: 'dpa-entry',
          entityId: e.id,
          action: correctsId ? 'correct' : 'record',
          reason: e.purpose,
          eventId,
          payload: { dataset: datasetName, columns: e.columns, legalBasis: e.legalBasis, retention: e.retention, processor: e.processor, correctsId },
          record: { table: 'dpa_entries', id: e.id },
        });
      })();
      ctx.bus.emit('data-changed', { eventId, area: 'governance' });
      return withCorrections(repo.listDpa(db, eventId)).find((x) => x.id === e.id)!;
    },
    'dpa-personal-list': ({ datasetId }) => {
      requireDataset(datasetId);
      return repo.listColumnFlags(db, datasetId).map(toPersonal);
    },
    'dpa-personal-set': ({ datasetId, column, personal }) => {
      const ds = requireDataset(datasetId);
      const v = datasets.latestVersion(db, datasetId);
      if (!v || !v.columns.some((c) => c.name === column)) throw new AppError('BAD_INPUT', `column: the dataset "${ds.name}" has no column "${column}".`);
      db.transaction(() => {
        setFlag(ctx, ds.eventId, datasetId, ds.name, column, personal, 'data page');
        if (personal) raiseDpaReview(ctx, { eventId: ds.eventId, source: { kind: 'dataset', id: datasetId, label: ds.name }, columns: [column] });
      })();
      ctx.bus.emit('data-changed', { eventId: ds.eventId, area: 'datasets' });
      const flag = repo.findColumnFlag(db, datasetId, column);
      // Unmarking a column that was never marked changes nothing.
      return flag ? toPersonal(flag) : { datasetId, column, personal: false, updatedAt: ctx.nowIso(), updatedBy: actorFor(ctx, ds.eventId) };
    },
  };
}
