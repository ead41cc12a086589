import type { ChecklistItem } from '../../../common/contract/schemas/team';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

const STATUS: Readonly<Record<ChecklistItem['status'], string>> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'not-needed': 'Not needed',
};

/** The kind-specific details of a checklist item as one readable line. */
function detailText(item: ChecklistItem): string {
  const d = item.details;
  const parts: string[] = [];
  if (d.retention) parts.push(`Retention: ${d.retention}`);
  if (d.grantedBy) parts.push(`Granted by: ${d.grantedBy}`);
  if (d.expires) parts.push(`Expires: ${d.expires}`);
  if (d.vendorsIncluded === true) parts.push('Vendors included');
  if (d.vendorsIncluded === false) parts.push('Vendors not included');
  if (d.slaDependencies) parts.push(`SLA dependencies: ${d.slaDependencies}`);
  return parts.join('; ');
}

/** Readiness checklist: logs access, staging permissions, vendors, KPIs agreed, with owners and due dates. */
export const readinessSection: SectionBuilder = {
  id: 'readiness',
  title: 'Readiness checklist',
  description: 'Pre-event checklist items with status, owner, due date and details.',
  charts: false,
  requires: ['checklist-list', 'team-list'],
  build: async (read, event) => {
    const [items, team] = await Promise.all([read('checklist-list', { eventId: event.id }), read('team-list', { eventId: event.id })]);
    const names = new Map(team.members.map((m) => [m.id, m.name]));
    const open = items.filter((i) => i.status === 'open' || i.status === 'in-progress').length;
    return {
      id: 'readiness',
      title: 'Readiness checklist',
      blocks: [
        ...(open > 0 ? [{ kind: 'note' as const, tone: 'warning' as const, text: `${open} of ${items.length} readiness items were not done when this report was generated.` }] : []),
        tableBlock({
          id: 'readiness',
          title: 'Readiness checklist',
          empty: 'No readiness checklist was kept for this event.',
          columns: [
            ['title', 'Item'],
            ['status', 'Status'],
            ['owner', 'Owner'],
            ['dueDate', 'Due', 'date'],
            ['details', 'Details'],
            ['note', 'Note'],
          ],
          rows: items.map((i) => [i.title, STATUS[i.status], i.ownerId ? (names.get(i.ownerId) ?? '') : '', i.dueDate, detailText(i), i.note]),
        }),
      ],
    };
  },
};
