import fs from 'node:fs';
import path from 'node:path';
import type { VsmMetrics } from '../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../common/domain/vsm/renderSvg';
import { formatDuration, formatPercent } from '../../../common/domain/vsm/units';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { UsageError, guarded, numberFlag, parse, printJson, requireFlag } from '../command';

/**
 * `kaizen vsm`: an event's value-stream maps with their lead time, PCE and constraint; with --map, one map's
 * metrics, optionally filled from a run-log dataset first (--fill) and written as SVG (--svg).
 */
export const vsmCommand: Command = {
  name: 'vsm',
  summary: 'Value-stream maps: list with lead time and constraint, fill from a run log, export SVG',
  usage: 'kaizen vsm --event ID [--map ID [--fill DATASET_ID] [--percentile 50] [--svg FILE]] [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, {
        event: { type: 'string' }, map: { type: 'string' }, fill: { type: 'string' }, percentile: { type: 'string' }, svg: { type: 'string' },
        'data-dir': { type: 'string' }, json: { type: 'boolean' },
      });
      const eventId = requireFlag(values.event, '--event');
      if ((values.fill || values.svg || values.percentile) && !values.map) throw new UsageError('--fill, --percentile and --svg need --map ID (see the ids in `kaizen vsm --event ID`).');
      const percentile = numberFlag(values.percentile, '--percentile');
      if (percentile !== undefined && (percentile < 1 || percentile > 99)) throw new UsageError(`--percentile must be from 1 to 99 (got ${percentile}).`);
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const list = await invoke(services.dispatch, 'vsm-list', { eventId });
        if (!values.map) {
          const rows = [];
          for (const m of list) {
            const metrics = (await invoke(services.dispatch, 'vsm-get', { mapId: m.id })).metrics as unknown as VsmMetrics;
            rows.push({ ...m, leadTimeMs: metrics.leadTimeMs, processTimeMs: metrics.processTimeMs, pce: metrics.pce, rolledCa: metrics.rolledCa, constraint: metrics.constraint });
          }
          if (values.json) printJson(io, rows);
          else for (const r of rows) io.out([r.id, r.kind, r.name, `LT ${formatDuration(r.leadTimeMs)}`, `PCE ${formatPercent(r.pce)}`, `constraint ${r.constraint?.name ?? '-'}`].join('\t'));
          return 0;
        }
        if (!list.some((m) => m.id === values.map)) throw new UsageError(`--map: no map "${values.map}" in event ${eventId}.`);
        if (values.fill) await invoke(services.dispatch, 'vsm-fill', { mapId: values.map, datasetId: values.fill, percentile: percentile ?? 50 });
        const { map, metrics, staleFill } = await invoke(services.dispatch, 'vsm-get', { mapId: values.map });
        const m = metrics as unknown as VsmMetrics;
        if (values.svg) {
          const file = path.resolve(values.svg);
          fs.writeFileSync(file, renderVsmSvg(map, m));
          if (!values.json) io.out(`Wrote ${file}`);
        }
        if (values.json) printJson(io, { map, metrics: m, staleFill });
        else {
          io.out(`${map.name} (${map.kind}): ${map.stages.length} stages, lead time ${formatDuration(m.leadTimeMs, map.displayUnit)}, process time ${formatDuration(m.processTimeMs, map.displayUnit)}, PCE ${formatPercent(m.pce)}, rolled %C&A ${formatPercent(m.rolledCa)}`);
          if (m.constraint) io.out(`Constraint: ${m.constraint.name} (${m.constraint.criterion}, ${formatDuration(m.constraint.effectivePtMs)})`);
          for (const w of m.warnings) io.out(`warning: ${w.message}`);
        }
        return 0;
      } finally {
        services.close();
      }
    }),
};
