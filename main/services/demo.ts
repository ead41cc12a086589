import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CharterFields } from '../../common/contract/schemas/events';
import { ChecklistFields, MemberFields } from '../../common/contract/schemas/team';
import type { KaizenEvent } from '../../common/contract/schemas/events';
import type { ServiceContext } from '../context';
import * as events from '../db/repositories/events';
import * as team from '../db/repositories/team';
import { addWorkshopDemo } from './workshopDemo';
import { addImproveDemo } from './improveDemo';
import { addDataDemo } from './datasetsDemo';
import { addVsmDemo } from './vsmDemo';
import { addKpiDemo } from './kpiDemo';

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
export const demoExtensions: DemoExtension[] = [addDataDemo, addVsmDemo, addKpiDemo, addWorkshopDemo, addImproveDemo];

export async function createDemoEvent(ctx: ServiceContext): Promise<KaizenEvent> {
  const event = createDemoCore(ctx);
  for (const extend of demoExtensions) await extend(ctx, event.id);
  return events.findEvent(ctx.db, event.id)!;
}
