import type { ActionStatus, KaizenAction } from '../../../../common/contract/schemas/actions';
import { ACTION_STATUSES } from '../../../../common/contract/schemas/actions';

export type ActionFilter = Readonly<{
  ownerId: string | 'all' | 'none';
  status: ActionStatus | 'all' | 'open';
  overdueOnly: boolean;
  text: string;
}>;

export const ALL_ACTIONS: ActionFilter = { ownerId: 'all', status: 'all', overdueOnly: false, text: '' };

export type ActionSort = 'due' | 'status' | 'owner' | 'title' | 'created';

const OPEN: readonly ActionStatus[] = ['planned', 'in-progress'];

export function filterActions(list: readonly KaizenAction[], f: ActionFilter): KaizenAction[] {
  const needle = f.text.trim().toLowerCase();
  return list.filter(
    (a) =>
      (f.ownerId === 'all' || (f.ownerId === 'none' ? a.ownerId === null : a.ownerId === f.ownerId)) &&
      (f.status === 'all' || (f.status === 'open' ? OPEN.includes(a.status) : a.status === f.status)) &&
      (!f.overdueOnly || a.overdue) &&
      (needle === '' || a.title.toLowerCase().includes(needle) || a.description.toLowerCase().includes(needle)),
  );
}

/** Sorts a copy. Actions without a due date or owner go last; ties keep creation order. */
export function sortActions(list: readonly KaizenAction[], by: ActionSort, ownerName: (id: string | null) => string): KaizenAction[] {
  const key = (a: KaizenAction): string => {
    switch (by) {
      case 'due': return a.dueDate ?? '\uffff';
      case 'status': return String(ACTION_STATUSES.indexOf(a.status));
      case 'owner': return a.ownerId ? ownerName(a.ownerId).toLowerCase() : '\uffff';
      case 'title': return a.title.toLowerCase();
      case 'created': return a.createdAt;
    }
  };
  return list
    .map((a, i) => ({ a, i, k: key(a) }))
    .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : x.i - y.i))
    .map((x) => x.a);
}

/** Groups (already sorted) actions by owner, owners in first-appearance order, "No owner" last. */
export function groupByOwner(list: readonly KaizenAction[]): { ownerId: string | null; actions: KaizenAction[] }[] {
  const groups = new Map<string | null, KaizenAction[]>();
  for (const a of list) groups.set(a.ownerId, [...(groups.get(a.ownerId) ?? []), a]);
  const out = [...groups.entries()].map(([ownerId, actions]) => ({ ownerId, actions }));
  return [...out.filter((g) => g.ownerId !== null), ...out.filter((g) => g.ownerId === null)];
}

/** Whole days between a due date and today (both YYYY-MM-DD), positive when late. */
export function daysLate(dueDate: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

/** "−300 ms p95 latency" style text for an expected effect. */
export function effectText(e: KaizenAction['expectedEffect']): string {
  if (!e) return '';
  const n = e.change > 0 ? `+${e.change}` : e.change < 0 ? `−${Math.abs(e.change)}` : '0';
  return `${e.kpi}: ${n}${e.unit ? ` ${e.unit}` : ''}`;
}
