import { notFound } from '../../common/contract/errors';
import type { KaizenEvent } from '../../common/contract/schemas/events';
import type { Kpi } from '../../common/contract/schemas/kpi';
import type { ReadContext, ServiceContext } from '../context';
import * as events from '../db/repositories/events';
import * as kpis from '../db/repositories/kpi';

// Look-ups every area uses before touching an event's data. A leaf: it imports repositories, never a service,
// so no area depends on another area's handlers just to find an event.

/** Throws NOT_FOUND for missing or deleted events; services call this before touching an event's data. */
export function requireEvent(ctx: ReadContext, id: string, opts: { allowDeleted?: boolean } = {}): KaizenEvent {
  const e = events.findEvent(ctx.db, id);
  if (!e || (e.deletedAt !== null && !opts.allowDeleted)) throw notFound('Event', id);
  return e;
}

/** Throws NOT_FOUND for a missing KPI or one whose event is gone. */
export function requireKpi(ctx: ServiceContext, id: string): Kpi {
  const k = kpis.findKpi(ctx.db, id);
  if (!k) throw notFound('KPI', id);
  requireEvent(ctx, k.eventId);
  return k;
}
