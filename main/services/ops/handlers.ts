import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import { AI_FAILURE_MODES } from '../../../common/domain/ops/fmea';
import { DomainInputError } from '../../../common/domain/errors';
import { AppError } from '../../../common/contract/errors';
import { parseSample, schemaDiff } from '../../../common/domain/ops/schemaDiff';
import { getDataset, readColumns } from '../datasets/access';
import type { OpsTable } from './inputs';
import { runFeedback, runGateway, runRateLimit, runRetry } from './whatifs';
import * as reg from './register';

/** A dataset's named columns (latest version) as the ops analyses read them. */
function datasetTable(ctx: ServiceContext, datasetId: string, names: (string | undefined)[]): OpsTable {
  const ds = getDataset(ctx, datasetId);
  const wanted = [...new Set(names.filter((n): n is string => !!n))];
  const cols = readColumns(ctx, datasetId, wanted);
  return { where: `Dataset "${ds.name}"`, columns: wanted.map((name) => ({ name, values: cols[name]! })) };
}

/** Integration and operations: gateway analyses and what-ifs over datasets; SLA register, checklist, FMEA. */
export function opsHandlers(ctx: ServiceContext): Handlers<MethodsOf<'ops'>> {
  return {
    'ops-gateway': ({ datasetId, ...c }) => runGateway(datasetTable(ctx, datasetId, [c.time, c.client, c.endpoint, c.status, c.version, c.latency, c.requestBytes, c.responseBytes]), c),
    'ops-rate-limit': ({ datasetId, ...s }) => runRateLimit(datasetTable(ctx, datasetId, [s.time, s.client]), s),
    'ops-retry': ({ datasetId, ...s }) => runRetry(datasetTable(ctx, datasetId, [s.time, s.endpoint, s.status, s.latency]), s),
    'ops-feedback': ({ inferenceDatasetId, correctionsDatasetId, ...s }) =>
      runFeedback(
        datasetTable(ctx, inferenceDatasetId, [s.inferenceId ?? s.id, s.inferenceTime, s.predicted, s.segment, s.model]),
        datasetTable(ctx, correctionsDatasetId, [s.id, s.time, s.label]),
        s,
      ),
    'ops-schema-diff': ({ before, after }) => {
      try {
        return schemaDiff(parseSample(before, 'The first sample'), parseSample(after, 'The second sample'));
      } catch (e) {
        if (e instanceof DomainInputError) throw new AppError('BAD_INPUT', e.message);
        throw e;
      }
    },
    'ops-sla-list': ({ eventId }) => reg.listSla(ctx, eventId),
    'ops-sla-add': (input) => reg.addSla(ctx, input),
    'ops-sla-update': ({ id, patch }) => reg.updateSla(ctx, id, patch),
    'ops-sla-remove': ({ id }) => reg.removeSla(ctx, id),
    'ops-checklist-list': ({ eventId }) => reg.listChecks(ctx, eventId),
    'ops-checklist-add': (input) => reg.addCheck(ctx, input),
    'ops-checklist-update': ({ id, patch }) => reg.updateCheck(ctx, id, patch),
    'ops-checklist-remove': ({ id }) => reg.removeCheck(ctx, id),
    'ops-fmea-list': ({ eventId }) => reg.listFmea(ctx, eventId),
    'ops-fmea-templates': () => AI_FAILURE_MODES.map((t) => ({ ...t, scores: { ...t.scores } })),
    'ops-fmea-add': (input) => reg.addFmea(ctx, input),
    'ops-fmea-update': ({ id, patch }) => reg.updateFmea(ctx, id, patch),
    'ops-fmea-remove': ({ id }) => reg.removeFmea(ctx, id),
    'ops-fmea-action': ({ id, actionId }) => reg.fmeaToAction(ctx, id, actionId),
  };
}
