import { AppError, notFound } from '../../../common/contract/errors';
import { ChartSettings } from '../../../common/contract/schemas/kpi';
import type { ParsedInput } from '../../../common/contract/api';
import type { Kpi, KpiEntry, KpiFields, kpiMethods } from '../../../common/contract/schemas/kpi';
import { compareBeforeAfter } from '../../../common/domain/kpi/beforeAfter';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { requireKpi } from '../lookups';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/kpi';
import { findMember } from '../../db/repositories/team';
import { requireEvent } from '../lookups';
import { kpiSeriesManyOff } from './recompute';
import { fairnessSourceProblem } from './fairnessSeries';
import { kpiSeries } from './series';
import { actorFor } from '../governance/people';
import { summarize } from './summary';
import { KPI_TEMPLATES } from './templates';


function checkFields(ctx: ServiceContext, eventId: string, f: Partial<KpiFields>): void {
  if (f.ownerId) {
    const m = findMember(ctx.db, f.ownerId);
    if (!m || m.eventId !== eventId) throw new AppError('VALIDATION', `ownerId: no team member "${f.ownerId}" in this event.`);
  }
  if (f.baselineFrom && f.baselineTo && f.baselineFrom > f.baselineTo) throw new AppError('VALIDATION', `baselineTo: the baseline period ends (${f.baselineTo}) before it starts (${f.baselineFrom}).`);
  if (f.source?.kind === 'dataset' && f.source.statistic === 'rate' && !f.source.condition) {
    throw new AppError('VALIDATION', "source.condition: a rate KPI needs a condition, e.g. status = 'failed'.");
  }
  if (f.source?.kind === 'fairness') {
    const problem = fairnessSourceProblem(f.source);
    if (problem) throw new AppError('VALIDATION', problem);
  }
  if (f.lsl !== undefined && f.lsl !== null && f.usl !== undefined && f.usl !== null && !(f.usl > f.lsl)) throw new AppError('VALIDATION', `usl: the upper spec limit (${f.usl}) must be above the lower spec limit (${f.lsl}).`);
  if (f.chart?.limitsFrom && f.chart.limitsFrom.from > f.chart.limitsFrom.to) throw new AppError('VALIDATION', 'chart.limitsFrom: "from" must not be after "to".');
}

/** Creates a KPI (also used by the demo). */
export function createKpi(ctx: ServiceContext, { eventId, id, chart, ...f }: ParsedInput<'kpi-create'>): Kpi {
  const { db } = ctx;
  requireEvent(ctx, eventId);
  if (id && repo.findKpi(db, id)) throw new AppError('CONFLICT', `A KPI with id "${id}" already exists.`);
  const fields: KpiFields = {
    name: f.name,
    unit: f.unit,
    direction: f.direction,
    source: f.source,
    baseline: f.baseline ?? null,
    baselineFrom: f.baselineFrom ?? null,
    baselineTo: f.baselineTo ?? null,
    target: f.target ?? null,
    alertThreshold: f.alertThreshold ?? null,
    lsl: f.lsl ?? null,
    usl: f.usl ?? null,
    ownerId: f.ownerId ?? null,
    notes: f.notes ?? '',
    // A rate (share of rows meeting a condition) is binomial: a P chart by default, whose LCL is floored at 0 and whose
    // limits follow each bucket's size, rather than I-MR limits that go negative (STATS.md §1).
    chart: ChartSettings.parse({ ...chart, chart: chart?.chart ?? (f.source.kind === 'dataset' && f.source.statistic === 'rate' ? 'p' : 'imr') }),
  };
  checkFields(ctx, eventId, fields);
  const newId = id ?? ctx.newId();
  const at = ctx.nowIso();
  db.transaction(() => {
    repo.insertKpi(db, newId, eventId, at, fields);
    appendChange(db, at, { actor: actorFor(ctx, eventId), entity: 'kpi', entityId: newId, action: 'create', payload: { name: fields.name, target: fields.target, alertThreshold: fields.alertThreshold }, eventId, record: { table: 'kpis', id: newId } });
  })();
  ctx.bus.emit('data-changed', { eventId, area: 'kpis' });
  return requireKpi(ctx, newId);
}

/** Adds a manual entry (date, value, note) to a manual KPI. */
export function addEntry(ctx: ServiceContext, { kpiId, id, date, value, note }: ParsedInput<'kpi-entry-add'>): KpiEntry {
  const k = requireKpi(ctx, kpiId);
  if (k.source.kind !== 'manual') throw new AppError('BAD_INPUT', `"${k.name}" is computed from a dataset; manual entries apply only to manual KPIs.`);
  if (id && repo.findEntry(ctx.db, id)) throw new AppError('CONFLICT', `An entry with id "${id}" already exists.`);
  const entry = { id: id ?? ctx.newId(), kpiId, date, value, note };
  repo.insertEntry(ctx.db, entry, ctx.nowIso());
  ctx.bus.emit('data-changed', { eventId: k.eventId, area: 'kpis' });
  return entry;
}

export function kpiHandlers(ctx: ServiceContext): Handlers<keyof typeof kpiMethods> {
  const { db } = ctx;
  const changed = (eventId: string | null) => ctx.bus.emit('data-changed', { eventId, area: 'kpis' });
  // A new dataset version changes dataset KPIs: tell open boards to refetch (the series recompute lazily).
  ctx.bus.on((e) => {
    if (e.name === 'data-changed' && e.payload.area === 'datasets') changed(e.payload.eventId);
  });
  return {
    'kpi-list': async ({ eventId }, call) => {
      requireEvent(ctx, eventId);
      // All the event's dataset KPIs at once: the stale ones sharing a version, bucket and filters are one scan,
      // recomputed in the analysis worker thread (recompute.ts) so the window and the host keep answering.
      const kpis = repo.listKpis(db, eventId);
      const series = await kpiSeriesManyOff(ctx, kpis, call);
      return kpis.map((k, i) => summarize(ctx, k, series[i]));
    },
    'kpi-get': async ({ id }, call) => {
      // A stale series (a new dataset version) is recomputed in the analysis worker, as kpi-list does.
      const k = requireKpi(ctx, id);
      const [series] = await kpiSeriesManyOff(ctx, [k], call);
      return summarize(ctx, k, series);
    },
    'kpi-create': (input) => createKpi(ctx, input),
    'kpi-update': ({ id, patch }) => {
      const before = requireKpi(ctx, id);
      checkFields(ctx, before.eventId, { ...before, ...patch });
      const at = ctx.nowIso();
      db.transaction(() => {
        repo.updateKpi(db, id, at, patch);
        // Targets and thresholds are governance decisions: log who changed them.
        if (patch.target !== undefined || patch.alertThreshold !== undefined || patch.baseline !== undefined || patch.lsl !== undefined || patch.usl !== undefined) {
          appendChange(db, at, { actor: actorFor(ctx, before.eventId), entity: 'kpi', entityId: id, action: 'update', payload: { target: patch.target, alertThreshold: patch.alertThreshold, baseline: patch.baseline, lsl: patch.lsl, usl: patch.usl }, eventId: before.eventId, record: { table: 'kpis', id } });
        }
      })();
      changed(before.eventId);
      return requireKpi(ctx, id);
    },
    'kpi-delete': ({ id }) => {
      const before = requireKpi(ctx, id);
      const at = ctx.nowIso();
      db.transaction(() => {
        repo.deleteKpi(db, id);
        appendChange(db, at, { actor: actorFor(ctx, before.eventId), entity: 'kpi', entityId: id, action: 'delete', payload: { name: before.name }, eventId: before.eventId, record: { table: 'kpis', id } });
      })();
      changed(before.eventId);
      return before;
    },
    'kpi-templates': () => [...KPI_TEMPLATES],
    'kpi-entry-add': (input) => addEntry(ctx, input),
    'kpi-entry-remove': ({ id }) => {
      const e = repo.findEntry(db, id);
      if (!e) throw notFound('KPI entry', id);
      const k = requireKpi(ctx, e.kpiId);
      repo.deleteEntry(db, id);
      changed(k.eventId);
      return e;
    },
    'kpi-compare': ({ id, splitDate }) => {
      const k = requireKpi(ctx, id);
      const s = kpiSeries(ctx, k);
      if (s.error) throw new AppError('BAD_INPUT', `The KPI's data could not be read: ${s.error}`);
      const before = s.points.filter((p) => p.date.slice(0, 10) < splitDate).map((p) => p.value);
      const after = s.points.filter((p) => p.date.slice(0, 10) >= splitDate).map((p) => p.value);
      if (before.length < 2 || after.length < 2) {
        throw new AppError('BAD_INPUT', `Before/after needs at least 2 points on each side of ${splitDate} (before: ${before.length}, after: ${after.length}).`);
      }
      return { splitDate, ...compareBeforeAfter(before, after, k.direction, k.unit) };
    },
  };
}
