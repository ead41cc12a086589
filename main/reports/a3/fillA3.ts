import { TARGET_AREA_LABELS } from '../../../common/contract/schemas/events';
import type { A3Fields } from '../../../common/contract/schemas/reports';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { ReportReader } from '../sections/types';

const EMPTY: A3Fields = { background: '', currentCondition: '', goal: '', rootCause: '', countermeasures: '', plan: '', followUp: '' };

function lines(...parts: Array<string | null | undefined | false>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n');
}

/**
 * The A3 as the event's data fills it. Fields whose source feature has not landed stay empty and the editor
 * asks the team to write them; nothing here is invented.
 * - Background: target area, problem statement, sponsor.
 * - Current condition: what is in and out of scope (measured KPIs join here as that feature lands).
 * - Goal: the charter's objectives.
 */
export async function fillA3(read: ReportReader, event: KaizenEvent): Promise<A3Fields> {
  const e = await read('event-get', { id: event.id });
  const area = e.targetArea === 'other' && e.targetAreaOther.trim() ? e.targetAreaOther : TARGET_AREA_LABELS[e.targetArea];
  return {
    ...EMPTY,
    background: lines(`Target area: ${area}.`, e.problemStatement, e.sponsor && `Sponsor: ${e.sponsor}.`),
    currentCondition: lines(e.scopeIn && `In scope:\n${e.scopeIn}`, e.scopeOut && `Out of scope:\n${e.scopeOut}`),
    goal: e.objectives,
  };
}
