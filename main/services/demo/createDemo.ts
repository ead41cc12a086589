import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CharterFields } from '../../../common/contract/schemas/events';
import { ChecklistFields, MemberFields } from '../../../common/contract/schemas/team';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { ServiceContext } from '../../context';
import * as events from '../../db/repositories/events';
import * as team from '../../db/repositories/team';
import { datasetIdsOfEvent, datasetTables } from '../../db/repositories/datasets';
import { appendChange } from '../../db/changeLog';
import { assertTableName } from '../../importers/tableWriter';
import { addWorkshopDemo } from './workshop';
import { addImproveDemo } from './improve';
import { addDataDemo } from './datasets';
import { addVsmDemo } from './vsm';
import { addKpiDemo } from './kpi';
import { addGovernanceLogDemo } from './governanceLog';
import { addRegistryDemo, addRegistryPromotionDemo } from './registry';
import { addSignoffDemo } from './signoffs';
import { addSustainDemo } from './sustain';
import { addOpsDemo } from './ops';
import { addLifecycleDemo } from './lifecycle';

const DemoFile = z.object({
  charter: CharterFields,
  team: z.array(MemberFields),
  checklist: z.array(ChecklistFields.omit({ ownerId: true }).extend({ owner: z.string().nullable() })),
});

/** Hooks later areas register to add their part of the demo (datasets, KPIs, maps …) after the charter exists. */
export type DemoExtension = (ctx: ServiceContext, eventId: string) => void | Promise<void>;

export function demoDir(ctx: ServiceContext): string {
  return path.join(ctx.resourcesDir, 'demo');
}

/** Creates the demo event "Cut p95 latency of the fraud-scoring API" from resources/demo/event.json. */
export function createDemoCore(ctx: ServiceContext): KaizenEvent {
  const raw = JSON.parse(fs.readFileSync(path.join(demoDir(ctx), 'event.json'), 'utf8')) as unknown;
  const demo = DemoFile.parse(raw);
  const id = ctx.newId();
  const at = ctx.nowIso();
  ctx.db.transaction(() => {
    events.insertEvent(ctx.db, id, at, demo.charter, true);
    const byName = new Map<string, string>();
    for (const m of demo.team) {
      const mid = ctx.newId();
      byName.set(m.name, mid);
      team.insertMember(ctx.db, mid, id, m);
    }
    for (const { owner, ...item } of demo.checklist) {
      team.insertItem(ctx.db, ctx.newId(), id, { ...item, ownerId: owner ? (byName.get(owner) ?? null) : null });
    }
  })();
  return events.findEvent(ctx.db, id)!;
}

/**
 * Each area appends its demo content here (imported sample logs, KPIs, maps, workshop artefacts).
 * Extensions run in order after the charter, team and checklist exist.
 */
export const demoExtensions: DemoExtension[] = [addDataDemo, addVsmDemo, addKpiDemo, addWorkshopDemo, addImproveDemo, addRegistryDemo, addGovernanceLogDemo, addSignoffDemo, addRegistryPromotionDemo, addSustainDemo, addOpsDemo, addLifecycleDemo];

/** Space set aside while the demo is created, freed first if it fails (see createDemoEvent). */
export const DEMO_RESERVE_BYTES = 2 * 1024 * 1024;

/**
 * All or nothing: the charter, team and checklist commit together; the extensions cannot join that
 * transaction (the sample logs import on the import worker's own connection, in their own transactions),
 * so when one fails (a full disk, say) everything the demo had written is removed again, in one
 * transaction, and the original error is rethrown. Removing needs a little space for the WAL, and a disk
 * that just filled has none: a reserve file (2 MiB) is written in the data folder first and deleted before
 * the clean-up; if even the reserve does not fit, nothing is created at all.
 */
export async function createDemoEvent(ctx: ServiceContext): Promise<KaizenEvent> {
  const reserve = path.join(ctx.dataDir, 'demo-reserve.tmp');
  fs.writeFileSync(reserve, Buffer.alloc(DEMO_RESERVE_BYTES));
  try {
    const event = createDemoCore(ctx);
    try {
      for (const extend of demoExtensions) await extend(ctx, event.id);
    } catch (e) {
      fs.rmSync(reserve, { force: true });
      removePartialDemo(ctx, event.id, e);
      throw e;
    }
    return events.findEvent(ctx.db, event.id)!;
  } finally {
    fs.rmSync(reserve, { force: true });
  }
}

/**
 * Drops the partial demo's dataset tables and deletes the event (its rows cascade), noting it in the change
 * log (the imports it made are logged there). Demo data is shipped sample data, not personal, so this one
 * transaction turns secure_delete off: zeroing the dropped tables would need space a full disk lacks.
 * If even that fails, the event is at least put in the trash.
 */
function removePartialDemo(ctx: ServiceContext, eventId: string, cause: unknown): void {
  const { db } = ctx;
  const reason = `Creating the demo failed (${(cause as Error).message}); the partial demo was removed.`;
  db.pragma('secure_delete = OFF');
  try {
    db.transaction(() => {
      const ids = datasetIdsOfEvent(db, eventId);
      for (const id of ids) for (const t of datasetTables(db, id)) db.exec(`DROP TABLE IF EXISTS "${assertTableName(t)}"`);
      events.purgeEvent(db, eventId);
      appendChange(db, ctx.nowIso(), { actor: ctx.actor, entity: 'event', entityId: eventId, action: 'discard', reason, payload: { demo: true }, eventId });
    })();
  } catch {
    try {
      const at = ctx.nowIso();
      events.setDeleted(db, eventId, at, at);
    } catch {
      // The disk refuses even that: the original error says so and nothing saved before was touched.
    }
  } finally {
    db.pragma('secure_delete = ON');
  }
}
