import { TEAM_ROLE_LABELS } from '../../../common/contract/schemas/team';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

/** Team: who took part, in which role, with which data access, stages owned and staging rights. */
export const teamSection: SectionBuilder = {
  id: 'team',
  title: 'Team',
  description: 'Members, roles, data access, process stages owned, staging rights and the team warnings.',
  charts: false,
  requires: ['team-list'],
  build: async (read, event) => {
    const { members, warnings } = await read('team-list', { eventId: event.id });
    return {
      id: 'team',
      title: 'Team',
      blocks: [
        ...warnings.map((w) => ({ kind: 'note' as const, tone: 'warning' as const, text: w.message })),
        tableBlock({
          id: 'team',
          title: 'Team members',
          empty: 'No team members were recorded for this event.',
          columns: [
            ['name', 'Name'],
            ['role', 'Role'],
            ['dataAccess', 'Data access'],
            ['processStages', 'Process stages owned'],
            ['canModifyStaging', 'Can modify staging', 'boolean'],
            ['notes', 'Notes'],
          ],
          rows: members.map((m) => [
            m.name,
            TEAM_ROLE_LABELS[m.role],
            m.dataAccess.join(', '),
            m.processStages.join(', '),
            m.canModifyStaging,
            m.notes,
          ]),
        }),
      ],
    };
  },
};
