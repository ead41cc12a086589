import type { spcMethods } from '../../../common/contract/schemas/spc';
import { AppError } from '../../../common/contract/errors';
import { computeCapability } from '../../../common/domain/spc/capability';
import { fromDomain } from '../domainErrors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { requireKpi } from '../lookups';
import { kpiSeries } from '../kpi/series';
import { datasetChart } from './datasetChart';
import { kpiChart, packChart } from './kpiChart';

export function spcHandlers(ctx: ServiceContext): Handlers<keyof typeof spcMethods> {
  return {
    'spc-chart-get': ({ kpiId, settings, view }) => packChart(kpiChart(ctx, requireKpi(ctx, kpiId), settings), view),
    'spc-dataset-chart': (input) => datasetChart(ctx, input),
    'spc-capability': ({ kpiId, lsl, usl, target, withinMethod }) => {
      const kpi = requireKpi(ctx, kpiId);
      const s = kpiSeries(ctx, kpi);
      if (s.error) throw new AppError('BAD_INPUT', `The KPI's data could not be read: ${s.error}`);
      const values = s.points.map((p) => p.value);
      // The KPI series are individual values (one per bucket): σ_within = MR̄/1.128.
      const c = fromDomain(() => computeCapability({ subgroups: values.map((v) => [v]), lsl: lsl ?? undefined, usl: usl ?? undefined, target: target ?? undefined, withinMethod }));
      return { ...c, values, lsl, usl, target: target ?? (lsl !== null && usl !== null ? (lsl + usl) / 2 : null) };
    },
  };
}
