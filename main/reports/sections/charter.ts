import { TARGET_AREA_LABELS } from '../../../common/contract/schemas/events';
import type { SectionBuilder } from './types';
import { formatDateRange, orNone } from './format';

/** Charter and scope: problem, objectives, in and out of scope, sponsor, facilitator, dates, place. */
export const charterSection: SectionBuilder = {
  id: 'charter',
  title: 'Charter and scope',
  description: 'Problem statement, objectives, scope in and out, sponsor, facilitator, dates and place.',
  charts: false,
  requires: ['event-get'],
  build: async (read, event) => {
    const e = await read('event-get', { id: event.id });
    const area = e.targetArea === 'other' && e.targetAreaOther.trim() ? e.targetAreaOther : TARGET_AREA_LABELS[e.targetArea];
    return {
      id: 'charter',
      title: 'Charter and scope',
      blocks: [
        {
          kind: 'fields',
          items: [
            { label: 'Target area', value: area },
            { label: 'Dates', value: formatDateRange(e.startDate, e.endDate) },
            { label: 'Location', value: orNone(e.location) },
            { label: 'Sponsor', value: orNone(e.sponsor) },
            { label: 'Facilitator', value: orNone(e.facilitator) },
          ],
        },
        { kind: 'text', title: 'Problem statement', text: orNone(e.problemStatement) },
        { kind: 'text', title: 'Objectives', text: orNone(e.objectives) },
        { kind: 'text', title: 'In scope', text: orNone(e.scopeIn) },
        { kind: 'text', title: 'Out of scope', text: orNone(e.scopeOut) },
      ],
    };
  },
};
