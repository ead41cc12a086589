import { openMetricsText } from '../../../common/domain/sustain/formats';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { kpiMetrics } from '../../services/sustain/guardrails';
import type { Command } from '../command';
import { EXIT, guarded, parse, requireFlag } from '../command';

/** `kaizen metrics`: the KPIs' latest values and held limits in the OpenMetrics text format, for IT-ops monitoring. */
export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'Print an event\'s KPIs (latest value, held control limits, target, alert threshold) in OpenMetrics text format',
  usage: 'kaizen metrics --event ID [--data-dir DIR]   (one gauge family per KPI, kaizen_kpi_<name>_<unit>{stat="value|center|ucl|lcl|target|alert_threshold"}; ends with # EOF)',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { event: { type: 'string' }, 'data-dir': { type: 'string' } });
      const eventId = requireFlag(values.event, '--event');
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const m = kpiMetrics(services.ctx, eventId);
        // The text ends with a line feed after # EOF; io.out adds one more line end, so drop ours.
        io.out(openMetricsText(m.event, m.kpis).replace(/\n$/, ''));
        return EXIT.ok;
      } finally {
        services.close();
      }
    }),
};
