import { isMethod } from '../../../common/contract/api';
import { ACTION_STATUS_LABELS } from '../../../common/contract/schemas/actions';
import { TARGET_AREA_LABELS } from '../../../common/contract/schemas/events';
import type { A3Fields } from '../../../common/contract/schemas/reports';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { VsmMetrics } from '../../../common/domain/vsm/metrics';
import { formatDuration, formatPercent, totalsUnit } from '../../../common/domain/vsm/units';
import { formatDate } from '../../../common/domain/text/dates';
import type { ReportReader } from '../sections/types';
import { FREQUENCY_LABELS, describeResponse } from '../../../common/contract/schemas/sustain';
import { VERDICT_LABELS } from '../../../common/contract/schemas/reviews';
import type { ControlPlanItem } from '../../../common/contract/schemas/sustain';

function lines(...parts: Array<string | null | undefined | false>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n');
}

const has = (...methods: string[]) => methods.every((m) => isMethod(m));

/** "Lead time 2.1 h, process time 14 min, PCE 11.1 %" for the current-state map, when one exists. */
async function vsmCondition(read: ReportReader, eventId: string): Promise<string> {
  if (!has('vsm-list', 'vsm-get')) return '';
  const current = (await read('vsm-list', { eventId })).find((m) => m.kind === 'current');
  if (!current) return '';
  const { map, metrics } = await read('vsm-get', { mapId: current.id });
  const m = metrics as unknown as VsmMetrics;
  const u = totalsUnit(map.displayUnit, m.leadTimeMs, m.processTimeMs);
  return lines(
    `Value stream "${map.name}": lead time ${formatDuration(m.leadTimeMs, u)}, process time ${formatDuration(m.processTimeMs, u)}, PCE ${formatPercent(m.pce)}, rolled %C&A ${formatPercent(m.rolledCa)}.`,
    m.constraint && `Constraint: ${m.constraint.name} (${formatDuration(m.constraint.effectivePtMs)}).`,
  );
}

async function rootCauses(read: ReportReader, eventId: string): Promise<string> {
  if (!has('rootcause-list')) return '';
  return lines(...(await read('rootcause-list', { eventId })).map((r) => `${r.text}${r.context ? ` (${r.context})` : ''}`));
}

async function actionLines(read: ReportReader, eventId: string): Promise<Pick<A3Fields, 'countermeasures' | 'plan' | 'followUp'>> {
  if (!has('action-list', 'team-list')) return { countermeasures: '', plan: '', followUp: '' };
  const [actions, team] = await Promise.all([read('action-list', { eventId }), read('team-list', { eventId })]);
  const names = new Map(team.members.map((m) => [m.id, m.name]));
  const live = actions.filter((a) => a.status !== 'dropped');
  const effect = (a: (typeof actions)[number]) =>
    a.expectedEffect ? ` — expected ${a.expectedEffect.kpi} ${a.expectedEffect.change > 0 ? '+' : ''}${a.expectedEffect.change} ${a.expectedEffect.unit}`.trimEnd() : '';
  const closed = live.filter((a) => a.status === 'done' || a.status === 'verified');
  const open = live.length - closed.length;
  return {
    countermeasures: lines(...live.map((a) => `${a.title}${effect(a)}`)),
    plan: lines(...live.map((a) => `${a.title}: ${a.ownerId ? (names.get(a.ownerId) ?? 'no owner') : 'no owner yet'}, ${a.dueDate ? `due ${formatDate(a.dueDate)}` : 'no due date'} (${ACTION_STATUS_LABELS[a.status]})`)),
    followUp: live.length
      ? lines(
          ...closed.map((a) => `${ACTION_STATUS_LABELS[a.status]}: ${a.title}`),
          `${open} of ${live.length} actions still open; review at 30, 60 and 90 days.`,
        )
      : '',
  };
}

/** "test 1", "above 415 ms", "PSI above 0.2": a reaction's signal in the fewest words, for the A3's small box. */
function shortSignal(r: ControlPlanItem['reactions'][number], unit: string): string {
  const s = r.signal;
  if (s.kind === 'special-cause') return `test ${s.test}`;
  if (s.kind === 'threshold') return `${s.op} ${s.value}${unit ? ` ${unit}` : ''}`;
  return `PSI above ${s.psiAbove}`;
}

/**
 * The control plan, one short line per KPI (the report's section has the full plan): who watches it, how often,
 * the signals it reacts to, how fast each incident type is answered, and the runbook.
 */
async function controlPlanLines(read: ReportReader, eventId: string): Promise<string> {
  if (!has('control-list')) return '';
  const plan = await read('control-list', { eventId });
  return lines(
    ...plan.map((c) => {
      const parts = [
        `${c.ownerName ?? 'no owner'}, ${FREQUENCY_LABELS[c.frequency].toLowerCase()}`,
        c.reactions.length ? `reacts to ${c.reactions.map((r) => shortSignal(r, c.kpiUnit)).join(', ')}` : 'no reaction plan yet',
        c.escalations.length > 0 && `escalation ${c.escalations.map((e) => `${e.incident} ${describeResponse(e.responseHours)}`).join(', ')}`,
        c.runbookTitle && `runbook "${c.runbookTitle}"`,
      ];
      return `Control plan — ${c.kpiName}: ${parts.filter(Boolean).join('; ')}`;
    }),
  );
}

/**
 * The latest review's result in the A3's follow-up box: which review, when, on data since when; each KPI's verdict
 * with its main evidence (the verdict's lead sentence; for "not enough data" the points it had and needs); the next
 * steps. Empty when no review has been run.
 */
async function reviewLines(read: ReportReader, eventId: string): Promise<string> {
  if (!has('review-list')) return '';
  const { schedule, results } = await read('review-list', { eventId });
  const r = results[0];
  if (!r) return '';
  const title = schedule.find((s) => s.id === r.reviewId)?.title ?? 'Review';
  return lines(
    `${title}, run ${formatDate(r.createdAt)} on data since ${formatDate(r.since)}:`,
    ...r.verdicts.map((v) => {
      const label = VERDICT_LABELS[v.verdict];
      if (v.verdict === 'not-enough-data') return `${v.name}: ${label} (${v.newPoints} of ${v.needed} follow-up points)`;
      const first = v.evidence[0] ?? '';
      const lead = first.startsWith(`${label}: `) ? first.slice(label.length + 2) : first;
      return `${v.name}: ${label}${lead ? ` — ${lead}` : ''}`;
    }),
    r.nextSteps.length > 0 && `Next steps: ${r.nextSteps.join('; ')}`,
  );
}

/**
 * The A3 as the event's data fills it; nothing is invented, and a field whose source is empty stays empty
 * so the editor asks the team to write it.
 * - Background: target area, problem statement, sponsor (charter).
 * - Current condition: current-state value stream metrics and scope.
 * - Goal: the charter's objectives.
 * - Root-cause analysis: 5 Whys answers marked as root causes and fishbone causes.
 * - Countermeasures / plan / follow-up: the action register (expected effect; owner and due date; status);
 *   follow-up also lists the control plan (owner, frequency, reaction plan, escalation, runbook per KPI).
 * - Follow-up, once a review has been run: the latest review (date, verdict and main evidence per KPI, next steps)
 *   in place of the action count, then the control plan.
 */
export async function fillA3(read: ReportReader, event: KaizenEvent): Promise<A3Fields> {
  const e = await read('event-get', { id: event.id });
  const area = e.targetArea === 'other' && e.targetAreaOther.trim() ? e.targetAreaOther : TARGET_AREA_LABELS[e.targetArea];
  const [vsm, causes, acts, control, review] = await Promise.all([vsmCondition(read, e.id), rootCauses(read, e.id), actionLines(read, e.id), controlPlanLines(read, e.id), reviewLines(read, e.id)]);
  return {
    background: lines(`Target area: ${area}.`, e.problemStatement, e.sponsor && `Sponsor: ${e.sponsor}.`),
    currentCondition: lines(vsm, e.scopeIn && `In scope: ${e.scopeIn.split(/\r?\n/).filter(Boolean).join('; ')}`),
    goal: e.objectives,
    rootCause: causes,
    ...acts,
    followUp: lines(review || acts.followUp, control),
  };
}
