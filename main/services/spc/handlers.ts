import type { spcMethods } from '../../../common/contract/schemas/spc';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { requireKpi } from '../lookups';
import { kpiCapability } from './capability';
import { datasetChart } from './datasetChart';
import { kpiChart, packChart } from './kpiChart';

export function spcHandlers(ctx: ServiceContext): Handlers<keyof typeof spcMethods> {
  return {
    'spc-chart-get': ({ kpiId, settings, view }) => packChart(kpiChart(ctx, requireKpi(ctx, kpiId), settings), view),
    'spc-dataset-chart': (input) => datasetChart(ctx, input),
    'spc-capability': ({ kpiId, ...input }) => kpiCapability(ctx, requireKpi(ctx, kpiId), input),
  };
}
