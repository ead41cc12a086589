import type { z } from 'zod';
import { eventMethods } from './schemas/events';
import { teamMethods } from './schemas/team';
import { systemMethods } from './schemas/system';
import { vsmMethods } from './schemas/vsm';
import { datasetMethods } from './schemas/datasets';
import { reportMethods } from './schemas/reports';
import { workshopMethods } from './schemas/workshop';
import { affinityMethods } from './schemas/affinity';
import { rootcauseMethods } from './schemas/rootcause';
import { actionMethods } from './schemas/actions';
import { kpiMethods } from './schemas/kpi';
import { spcMethods } from './schemas/spc';
import { analysisMethods } from './schemas/analysis';
import { demoMethods } from './schemas/demo';
import { governanceMethods } from './schemas/governance';
import { sustainMethods } from './schemas/sustain';
import { registryMethods } from './schemas/registry';
import { signoffMethods } from './schemas/signoff';
import { freezeMethods, dpaMethods } from './schemas/freeze';
import { archiveMethods } from './schemas/archive';
import { knowledgeMethods } from './schemas/knowledge';
import { roomMethods } from './schemas/room';
import { settingsMethods } from './schemas/settings';
import { opsMethods } from './schemas/ops';
import { lifecycleMethods } from './schemas/lifecycle';
import { sourceMethods } from './schemas/sources';
import { clickhouseMethods } from './schemas/clickhouse';

/**
 * The whole contract: every method name mapped to its input and output schema.
 * Each area adds its map in schemas/<area>.ts and one spread here.
 */
export const api = {
  ...systemMethods,
  ...eventMethods,
  ...teamMethods,
  ...vsmMethods,
  ...datasetMethods,
  ...reportMethods,
  ...workshopMethods,
  ...affinityMethods,
  ...rootcauseMethods,
  ...actionMethods,
  ...kpiMethods,
  ...spcMethods,
  ...analysisMethods,
  ...demoMethods,
  ...governanceMethods,
  ...registryMethods,
  ...signoffMethods,
  ...freezeMethods,
  ...dpaMethods,
  ...sustainMethods,
  ...archiveMethods,
  ...knowledgeMethods,
  ...roomMethods,
  ...settingsMethods,
  ...opsMethods,
  ...lifecycleMethods,
  ...sourceMethods,
  ...clickhouseMethods,
} as const;

export type Api = typeof api;
export type Method = keyof Api;
/** What a caller sends (defaults not yet applied). */
export type Input<M extends Method> = z.input<Api[M]['input']>;
/** What a handler receives (after validation and defaults). */
export type ParsedInput<M extends Method> = z.output<Api[M]['input']>;
export type Output<M extends Method> = z.output<Api[M]['output']>;

export const METHODS = Object.keys(api) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(api, name);
}
