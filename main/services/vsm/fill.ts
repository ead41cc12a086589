import type { FillSource, StageFields, VsmMap } from '../../../common/contract/schemas/vsm';
import { AppError } from '../../../common/contract/errors';
import { matchStage, summariseRunLog } from '../../../common/domain/vsm/fillFromLog';
import type { LogStageStats } from '../../../common/domain/vsm/fillFromLog';
import { durationFromMs } from '../../../common/domain/vsm/units';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/vsm';
import { getDataset, readColumns, recordDatasetUse } from '../datasets/access';
import { requireMap } from './common';

/** Accepted column names for each field of a run log (first match wins, case-insensitive). */
export const LOG_COLUMNS = {
  runId: ['run_id', 'run', 'runid', 'pipeline_run_id', 'execution_id'],
  stage: ['stage', 'step', 'task', 'stage_name'],
  startedAt: ['started_at', 'start', 'start_time', 'started', 'begin'],
  endedAt: ['ended_at', 'end', 'end_time', 'ended', 'finished_at', 'finish'],
  status: ['status', 'state', 'result', 'outcome'],
} as const;

type FillArgs = Readonly<{ mapId: string; datasetId: string; version?: number; percentile: number; mapping: Record<string, string | null> }>;

/** Reads the run log of a dataset version and summarises it onto the map's stages. */
function analyse(ctx: ServiceContext, map: VsmMap, a: FillArgs) {
  const ds = getDataset(ctx, a.datasetId, a.version);
  const names = ds.columns.map((c) => c.name);
  const pick = (field: keyof typeof LOG_COLUMNS) => {
    const found = names.find((n) => (LOG_COLUMNS[field] as readonly string[]).includes(n.trim().toLowerCase()));
    if (!found) throw new AppError('BAD_INPUT', `Dataset "${ds.name}" (version ${ds.version}) has no ${field} column. Looked for: ${LOG_COLUMNS[field].join(', ')}. Its columns are: ${names.join(', ')}.`);
    return found;
  };
  const cols = { runId: pick('runId'), stage: pick('stage'), startedAt: pick('startedAt'), endedAt: pick('endedAt'), status: pick('status') };
  const data = readColumns(ctx, a.datasetId, Object.values(cols), { version: ds.version });
  const log = { runId: data[cols.runId]!, stage: data[cols.stage]!, startedAt: data[cols.startedAt]!, endedAt: data[cols.endedAt]!, status: data[cols.status]! };
  const logNames = new Map<string, number>();
  const runsPer = new Map<string, Set<string>>();
  log.stage.forEach((s, i) => {
    if (s === null) return;
    const n = String(s).trim();
    (runsPer.get(n) ?? runsPer.set(n, new Set()).get(n)!).add(String(log.runId[i]));
  });
  for (const [n, set] of runsPer) logNames.set(n, set.size);
  const unmatched = [...logNames.keys()].filter((n) => matchStage(n, a.mapping, map.stages) === null).sort();
  const summary = summariseRunLog(log, (n) => matchStage(n, a.mapping, map.stages), a.percentile);
  return { ds, summary, unmatched, logStages: [...logNames].map(([name, runs]) => ({ name, runs })).sort((x, y) => x.name.localeCompare(y.name)) };
}

function source(st: LogStageStats, value: number, ds: { id: string; name: string; version: number }, pct: number, at: string, prev: FillSource | undefined): FillSource {
  return { value, sampleSize: st.runs, datasetId: ds.id, datasetName: ds.name, version: ds.version, percentile: pct, logStages: [...st.logStages], at, overridden: prev?.overridden ?? false };
}

/** The filled fields for one stage. A value the user overrode by hand keeps the user's number; only its log source is refreshed. */
export function filledPatch(stage: VsmMap['stages'][number], st: LogStageStats, ds: { id: string; name: string; version: number }, pct: number, at: string): Partial<StageFields> {
  const patch: Partial<StageFields> = {};
  const filled = { ...stage.filled };
  if (st.ptMs !== null) {
    filled.pt = source(st, st.ptMs, ds, pct, at, stage.filled.pt);
    if (!filled.pt.overridden) patch.pt = durationFromMs(st.ptMs);
  }
  if (st.wtMs !== null) {
    filled.wt = source(st, st.wtMs, ds, 50, at, stage.filled.wt);
    if (!filled.wt.overridden) patch.wt = durationFromMs(st.wtMs);
  }
  if (st.caPercent !== null) {
    filled.ca = source(st, st.caPercent, ds, 50, at, stage.filled.ca);
    if (!filled.ca.overridden) patch.ca = Number(st.caPercent.toFixed(1));
  }
  return { ...patch, filled };
}

/** Whether a newer version of the dataset the map was filled from has been imported since. */
export function staleFill(ctx: ServiceContext, map: VsmMap): { usedVersion: number; latestVersion: number } | null {
  if (!map.fillSettings) return null;
  const used = Math.max(0, ...map.stages.flatMap((s) => Object.values(s.filled).filter((f) => f?.datasetId === map.fillSettings!.datasetId).map((f) => f!.version)));
  try {
    const latest = getDataset(ctx, map.fillSettings.datasetId).version;
    return latest > used ? { usedVersion: used, latestVersion: latest } : null;
  } catch {
    return null;
  }
}

export function vsmFillHandlers(ctx: ServiceContext): Handlers<MethodsOf<'vsm-fill'> | 'vsm-fill'> {
  return {
    'vsm-fill-preview': (a) => {
      const map = requireMap(ctx, a.mapId);
      const { ds, summary, unmatched, logStages } = analyse(ctx, map, a);
      const suggestions = summary.stats.map((s) => ({ stageId: s.key, logStages: [...s.logStages], sampleSize: s.runs, ptMs: s.ptMs, wtMs: s.wtMs, caPercent: s.caPercent }));
      return { logStages, suggestions, version: ds.version, unmatched };
    },
    'vsm-fill': (a) => {
      const map = requireMap(ctx, a.mapId);
      const { ds, summary, unmatched } = analyse(ctx, map, a);
      if (summary.stats.length === 0) {
        throw new AppError('BAD_INPUT', `No log stage of "${ds.name}" matches a stage of this map. Map the log stages (${unmatched.slice(0, 8).join(', ')}) to map stages first.`);
      }
      const at = ctx.nowIso();
      ctx.db.transaction(() => {
        for (const st of summary.stats) {
          const stage = map.stages.find((s) => s.id === st.key)!;
          repo.updateStage(ctx.db, stage.id, filledPatch(stage, st, ds, a.percentile, at));
        }
        repo.updateMap(ctx.db, map.id, { fillSettings: { datasetId: a.datasetId, percentile: a.percentile, mapping: a.mapping } }, at);
        recordDatasetUse(ctx, ds.versionId, `vsm:${map.id}`, `Value-stream map "${map.name}"`);
      })();
      ctx.bus.emit('data-changed', { eventId: map.eventId, area: 'vsm' });
      return { map: requireMap(ctx, map.id), filledStages: summary.stats.length, version: ds.version, unmatched };
    },
  };
}
