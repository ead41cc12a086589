import { CHECK_STATUS_LABELS, SLA_METRIC_LABELS } from '../../../common/contract/schemas/ops';
import type { SlaEntry } from '../../../common/contract/schemas/ops';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)} %`);
const target = (s: SlaEntry) => (s.metric === 'availability' ? `≥ ${(s.target * 100).toFixed(2)} %` : `≤ ${s.target} ${s.unit || 'ms'}`);

/**
 * Integration and operations (issue 23): the SLA register with compliance from the gateway log and the breach
 * minutes' Pareto, the integration checklist, and the FMEA of the AI service sorted by RPN.
 */
export const opsSection: SectionBuilder = {
  id: 'ops',
  title: 'Integration and operations',
  description: 'SLA register and compliance, breach minutes by cause, integration checklist, FMEA sorted by RPN.',
  charts: false,
  requires: ['ops-sla-list', 'ops-checklist-list', 'ops-fmea-list'],
  build: async (read, event) => {
    const [slas, checks, fmea] = await Promise.all([read('ops-sla-list', { eventId: event.id }), read('ops-checklist-list', { eventId: event.id }), read('ops-fmea-list', { eventId: event.id })]);
    const breaches = slas.flatMap((s) => (s.status?.breaches?.pareto ?? []).map((p) => [`${s.subject} ${s.metric}`, p.cause, p.minutes, p.share, p.cumulativeShare] as const));
    return {
      id: 'ops',
      title: 'Integration and operations',
      blocks: [
        tableBlock({
          id: 'sla-register',
          title: 'SLA register',
          empty: 'No SLAs recorded: add them on the Gateway & SLAs page (Analyse).',
          columns: [['subject', 'Provider / endpoint'], ['metric', 'Metric'], ['target', 'Target'], ['window', 'Window'], ['signed', 'Signed'], ['owner', 'Owner'], ['windows', 'Windows', 'integer'], ['compliance', 'Compliance'], ['missed', 'Missed windows']],
          rows: slas.map((s) => [
            `${s.subject} (${s.subjectKind})`, SLA_METRIC_LABELS[s.metric], target(s), s.window, s.signed ? 'yes' : 'draft', s.owner,
            s.status?.windows.length ?? null, s.error ? `not computed: ${s.error}` : s.status ? pct(s.status.compliance) : 'no log linked',
            s.status ? s.status.windows.filter((w) => !w.met).map((w) => w.start).join(', ') : '',
          ]),
        }),
        tableBlock({
          id: 'sla-breaches',
          title: 'Breach minutes by cause (Pareto)',
          empty: 'No breach minutes (or no SLA names a cause column).',
          columns: [['sla', 'SLA'], ['cause', 'Stage / provider'], ['minutes', 'Breach minutes', 'integer'], ['share', 'Share'], ['cumulative', 'Cumulative']],
          rows: breaches.map(([sla, cause, minutes, share, cum]) => [sla, cause, minutes, pct(share), pct(cum)]),
        }),
        tableBlock({
          id: 'integration-checklist',
          title: 'Integration checklist',
          empty: 'No integration checklist yet: add it on the Gateway & SLAs page.',
          columns: [['item', 'Item'], ['status', 'Status'], ['owner', 'Owner'], ['evidence', 'Evidence'], ['schema', 'Request schema changes']],
          rows: checks.map((c) => [
            c.title, CHECK_STATUS_LABELS[c.status], c.owner, c.evidence.map((e) => `${e.label}: ${e.url}`).join('; '),
            c.diffError ?? (c.diff ? (c.diff.length ? c.diff.map((d) => `${d.change} ${d.path}`).join('; ') : 'no differences') : ''),
          ]),
        }),
        tableBlock({
          id: 'fmea',
          title: 'FMEA of the AI service (highest RPN first)',
          empty: 'No failure modes recorded: start from the AI template on the FMEA page (Improve).',
          columns: [['mode', 'Failure mode'], ['effect', 'Effect'], ['cause', 'Cause'], ['s', 'S', 'integer'], ['o', 'O', 'integer'], ['d', 'D', 'integer'], ['rpn', 'RPN', 'integer'], ['controls', 'Current controls'], ['fallback', 'Fallback'], ['recommended', 'Recommended action'], ['action', 'Action'], ['rescored', 'RPN after action', 'integer']],
          rows: fmea.map((r) => [r.failureMode, r.effect, r.cause, r.scores.severity, r.scores.occurrence, r.scores.detection, r.rpn, r.controls, r.fallback, r.recommendedAction, r.action ? `${r.action.title} (${r.action.status})` : '', r.rescoredRpn]),
        }),
      ],
    };
  },
};
