import { ACTION_STATUS_LABELS, LINK_KIND_LABELS } from '../../../common/contract/schemas/actions';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

/** Action register: every countermeasure with owner, due date, status, effort and the KPI effect expected. */
export const actionsSection: SectionBuilder = {
  id: 'actions',
  title: 'Action register',
  description: 'Actions with owner, due date, status, effort, expected KPI effect and what they address.',
  charts: false,
  requires: ['action-list', 'team-list'],
  build: async (read, event) => {
    const [actions, team] = await Promise.all([read('action-list', { eventId: event.id }), read('team-list', { eventId: event.id })]);
    const names = new Map(team.members.map((m) => [m.id, m.name]));
    const overdue = actions.filter((a) => a.overdue).length;
    const unowned = actions.filter((a) => !a.ownerId && a.status !== 'dropped').length;
    return {
      id: 'actions',
      title: 'Action register',
      blocks: [
        ...(overdue > 0 ? [{ kind: 'note' as const, tone: 'warning' as const, text: `${overdue} action${overdue === 1 ? ' is' : 's are'} overdue.` }] : []),
        ...(unowned > 0 ? [{ kind: 'note' as const, tone: 'warning' as const, text: `${unowned} open action${unowned === 1 ? ' has' : 's have'} no owner.` }] : []),
        tableBlock({
          id: 'actions',
          title: 'Actions',
          empty: 'No actions were recorded. Actions come from the Actions page (or from ideas and root causes).',
          columns: [
            ['title', 'Action'],
            ['owner', 'Owner'],
            ['dueDate', 'Due', 'date'],
            ['status', 'Status'],
            ['overdue', 'Overdue', 'boolean'],
            ['effort', 'Effort'],
            ['effectKpi', 'Expected effect on'],
            ['effectChange', 'Expected change', 'number'],
            ['effectUnit', 'Unit'],
            ['addresses', 'Addresses'],
          ],
          rows: actions.map((a) => [
            a.title,
            a.ownerId ? (names.get(a.ownerId) ?? '') : '',
            a.dueDate,
            ACTION_STATUS_LABELS[a.status],
            a.overdue,
            a.effort ?? '',
            a.expectedEffect?.kpi ?? '',
            a.expectedEffect?.change ?? null,
            a.expectedEffect?.unit ?? '',
            [...new Set(a.links.map((l) => LINK_KIND_LABELS[l.kind]))].join(', '),
          ]),
        }),
      ],
    };
  },
};

/** Decision log: append-only, with rationale, alternatives, who decided and corrections. */
export const decisionsSection: SectionBuilder = {
  id: 'decisions',
  title: 'Decision log',
  description: 'Every decision in order, with rationale, alternatives considered, who decided and corrections.',
  charts: false,
  requires: ['decision-list'],
  build: async (read, event) => {
    const decisions = await read('decision-list', { eventId: event.id });
    const seqOf = new Map(decisions.map((d) => [d.id, d.seq]));
    return {
      id: 'decisions',
      title: 'Decision log',
      blocks: [
        tableBlock({
          id: 'decisions',
          title: 'Decisions',
          empty: 'No decisions were logged for this event.',
          columns: [
            ['seq', 'No.', 'integer'],
            ['decidedOn', 'Date', 'date'],
            ['decision', 'Decision'],
            ['rationale', 'Rationale'],
            ['alternatives', 'Alternatives considered'],
            ['decidedBy', 'Decided by'],
            ['corrects', 'Corrects no.', 'integer'],
            ['correctedBy', 'Corrected by no.'],
          ],
          rows: decisions.map((d) => [
            d.seq,
            d.decidedOn,
            d.decision,
            d.rationale,
            d.alternatives,
            d.decidedBy,
            d.correctsId ? (seqOf.get(d.correctsId) ?? null) : null,
            d.correctedBy.map((id) => seqOf.get(id)).filter((n) => n !== undefined).join(', '),
          ]),
        }),
      ],
    };
  },
};
