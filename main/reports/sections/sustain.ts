import { FREQUENCY_LABELS, INCIDENT_LABELS, RUNBOOK_KIND_LABELS, SOURCE_LABELS, describeResponse, describeSignal } from '../../../common/contract/schemas/sustain';
import type { ControlPlanItem } from '../../../common/contract/schemas/sustain';
import { formatDate } from '../../../common/domain/text/dates';
import type { Block } from '../model';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

/** "Test 1: … → Check the cache; Value above 450 ms → Roll back": a row's reaction plan on one line. */
export function reactionText(c: ControlPlanItem): string {
  return c.reactions.map((r) => `${describeSignal(r.signal, c.kpiUnit)} → ${r.action}`).join('; ');
}

/** "Data: Data on-call within 1 h; Infrastructure: …": a row's escalation path on one line. */
export function escalationText(c: ControlPlanItem): string {
  return c.escalations.map((e) => `${INCIDENT_LABELS[e.incident]}: ${e.who} within ${describeResponse(e.responseHours)}`).join('; ');
}

/**
 * Sustain: the control plan (one row per KPI: owner, frequency, source, reaction plan, escalation path,
 * runbook) and every runbook's latest version. Runbook Markdown is printed as the team wrote it, as escaped
 * text (never interpreted as HTML); headings and list marks stay visible.
 */
export const sustainSection: SectionBuilder = {
  id: 'sustain',
  title: 'Control plan and runbooks',
  description: 'Who watches each KPI and how often, what to do on which signal, whom to call, and the runbooks (latest version).',
  charts: false,
  requires: ['control-list', 'runbook-list', 'runbook-get'],
  build: async (read, event) => {
    const eventId = event.id;
    const [plan, runbooks] = await Promise.all([read('control-list', { eventId }), read('runbook-list', { eventId })]);
    const latest = await Promise.all(runbooks.map((r) => read('runbook-get', { id: r.id })));
    const unowned = plan.filter((c) => !c.ownerName).length;
    const noReaction = plan.filter((c) => c.reactions.length === 0).length;
    const blocks: Block[] = [
      ...(unowned > 0 ? [{ kind: 'note' as const, tone: 'warning' as const, text: `${unowned} KPI${unowned === 1 ? ' has' : 's have'} no owner in the control plan.` }] : []),
      ...(noReaction > 0 ? [{ kind: 'note' as const, tone: 'warning' as const, text: `${noReaction} KPI${noReaction === 1 ? ' has' : 's have'} no reaction plan: nobody knows what to do when it signals.` }] : []),
      tableBlock({
        id: 'control-plan',
        title: 'Control plan',
        empty: 'No control plan yet: add a row per KPI on the Control plan page (Sustain).',
        columns: [
          ['kpi', 'KPI'],
          ['owner', 'Owner'],
          ['frequency', 'Measured'],
          ['source', 'Data source'],
          ['reactions', 'Reaction plan (signal → what to do)'],
          ['escalation', 'Escalation (incident: who, response time)'],
          ['runbook', 'Runbook'],
        ],
        rows: plan.map((c) => [
          c.kpiUnit ? `${c.kpiName} (${c.kpiUnit})` : c.kpiName,
          c.ownerName ?? (c.ownerId ? 'removed member' : ''),
          FREQUENCY_LABELS[c.frequency],
          [SOURCE_LABELS[c.sourceKind], c.sourceNote].filter(Boolean).join(': '),
          reactionText(c),
          escalationText(c),
          c.runbookTitle ?? '',
        ]),
      }),
      { kind: 'subheading', text: 'Runbooks' },
      ...(latest.length === 0 ? [{ kind: 'note' as const, tone: 'info' as const, text: 'No runbooks were written for this event.' }] : []),
      ...latest.map(({ runbook, version }): Block => ({
        kind: 'text',
        title: `${runbook.title} — ${RUNBOOK_KIND_LABELS[runbook.kind]}, version ${version.version} of ${formatDate(version.createdAt.slice(0, 10))}`,
        text: version.body,
      })),
    ];
    return { id: 'sustain', title: 'Control plan and runbooks', blocks };
  },
};
