import { api } from '../../../common/contract/api';
import type { Output, ParsedInput } from '../../../common/contract/api';
import type { Handler, Handlers } from '../../handlers';
import { REPORT_READS } from '../../reports/sections/types';
import type { ReportRead, ReportReader } from '../../reports/sections/types';

/**
 * Reports read every area through that area's own handler functions, handed over by the composition root
 * (no dispatch round-trip, no locator filled in later). Inputs go through the method's schema, so a section
 * gets exactly what the UI gets for the same call, defaults included.
 */
export function createReportReader(areas: Handlers<ReportRead>): ReportReader {
  const table = Object.fromEntries(REPORT_READS.map((m) => [m, areas[m]])) as Handlers<ReportRead>;
  return async (method, input) => {
    const handler = table[method] as Handler<typeof method>;
    const parsed = api[method].input.parse(input) as ParsedInput<typeof method>;
    return (await handler(parsed, {})) as Output<typeof method>;
  };
}
