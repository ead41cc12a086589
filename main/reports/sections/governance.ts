import { LEGAL_BASIS_LABELS } from '../../../common/contract/schemas/freeze';
import { STAGE_LABELS } from '../../../common/contract/schemas/registry';
import { SIGNOFF_DECISION_LABELS } from '../../../common/contract/schemas/signoff';
import { TEAM_ROLE_LABELS } from '../../../common/contract/schemas/team';
import type { Block } from '../model';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

const STATUS = { none: 'No sign-off', pending: 'Awaiting signatures', approved: 'Approved', rejected: 'Rejected' } as const;

/**
 * Governance: the change log's chain head (printed in full, so a paper copy can later expose a rewritten log),
 * every sign-off with who signed in which role, their decision and time, the models in production with the
 * gates as they were when promoted, the freeze calendar with its overrides, and the DPA register.
 */
export const governanceSection: SectionBuilder = {
  id: 'governance',
  title: 'Governance',
  description: 'Change-log chain head, sign-offs (who, role, decision, time), production models and their gates, freeze windows and the DPA register.',
  charts: false,
  requires: ['governance-chain-status', 'signoff-list', 'freeze-list', 'freeze-override-list', 'dpa-list', 'registry-list'],
  build: async (read, event) => {
    const eventId = event.id;
    const [chain, requests, windows, overrides, dpa, models] = await Promise.all([
      read('governance-chain-status', {}),
      read('signoff-list', { eventId }),
      read('freeze-list', { eventId }),
      read('freeze-override-list', { eventId }),
      read('dpa-list', { eventId }),
      read('registry-list', { eventId }),
    ]);
    const blocks: Block[] = [
      { kind: 'subheading', text: 'Change log' },
      {
        kind: 'fields',
        items: [
          { label: 'Chain', value: chain.intact ? 'intact' : 'broken' },
          { label: 'Entries', value: String(chain.entries) },
        ],
      },
      // Full width on its own line, so all 64 hex digits reach the paper copy unbroken.
      { kind: 'text', title: 'Head hash (SHA-256)', text: chain.head },
      ...(chain.intact ? [] : [{ kind: 'note' as const, tone: 'warning' as const, text: `The change log is not intact: ${chain.firstBreak?.message ?? chain.message}` }]),
      { kind: 'note', tone: 'info', text: 'Keep this page: if the head hash printed here no longer appears in the log (kaizen check, Governance → Change log), entries were rewritten after this report.' },
      tableBlock({
        id: 'signoffs',
        title: 'Sign-offs',
        empty: 'No sign-off was requested.',
        columns: [
          ['subject', 'Signed off'],
          ['status', 'Status'],
          ['required', 'Required roles'],
          ['signer', 'Signer'],
          ['role', 'Role'],
          ['decision', 'Decision'],
          ['comment', 'Comment'],
          ['at', 'Signed at', 'datetime'],
        ],
        rows: requests.flatMap((q) => {
          const head = [`${q.subject.kind === 'change' ? 'Change' : 'Model'}: ${q.subjectLabel}`, STATUS[q.status], q.requiredRoles.map((r) => TEAM_ROLE_LABELS[r]).join(', ')] as const;
          if (q.signatures.length === 0) return [[...head, '', '', '', '', null]];
          return q.signatures.map((s) => [...head, s.name, TEAM_ROLE_LABELS[s.role], SIGNOFF_DECISION_LABELS[s.decision], s.comment, s.at]);
        }),
      }),
      tableBlock({
        id: 'production-models',
        title: 'Models in production',
        empty: 'No model is registered.',
        columns: [
          ['model', 'Model'],
          ['production', 'In production'],
          ['promotedAt', 'Promoted at', 'datetime'],
          ['promotedBy', 'Promoted by'],
          ['gates', 'Gates when promoted'],
          ['override', 'Override'],
        ],
        rows: models.map((m) => {
          const v = m.versions.find((x) => x.id === m.productionVersionId);
          const promo = [...m.history].reverse().find((h) => h.versionId === m.productionVersionId && h.to === 'production');
          return [
            m.name,
            v ? `${v.version} (${STAGE_LABELS[v.stage]})` : 'none',
            promo?.at ?? null,
            promo?.by ?? '',
            promo ? promo.gates.map((g) => `${g.name}: ${g.status}`).join('; ') : '',
            promo?.override ? `${promo.override.by}: ${promo.override.reason}` : '',
          ];
        }),
      }),
      { kind: 'subheading', text: 'Change-freeze calendar' },
      tableBlock({
        id: 'freeze-windows',
        title: 'Freeze windows',
        empty: 'No freeze window was set.',
        columns: [
          ['name', 'Window'],
          ['rule', 'When'],
          ['reason', 'Reason'],
          ['createdBy', 'Set by'],
          ['withdrawn', 'Withdrawn'],
        ],
        rows: windows.map((w) => [w.name, w.description, w.reason, w.createdBy, w.withdrawn ? `${w.withdrawn.at.slice(0, 10)} by ${w.withdrawn.by}: ${w.withdrawn.reason}` : '']),
      }),
      ...(overrides.length > 0
        ? [
            tableBlock({
              id: 'freeze-overrides',
              title: 'Freeze overrides',
              columns: [
                ['date', 'Date', 'date'],
                ['window', 'Window'],
                ['subject', 'What went ahead'],
                ['by', 'Overridden by'],
                ['reason', 'Reason'],
              ],
              rows: overrides.map((o) => [o.date, o.windowName, o.subject.label, o.name, o.reason]),
            }),
          ]
        : []),
      tableBlock({
        id: 'dpa-register',
        title: 'DPA register',
        empty: 'No personal-data use was recorded.',
        columns: [
          ['dataset', 'Dataset'],
          ['columns', 'Columns'],
          ['purpose', 'Purpose'],
          ['basis', 'Legal basis'],
          ['retention', 'Retention'],
          ['processor', 'Processor'],
          ['corrected', 'Superseded', 'boolean'],
        ],
        rows: dpa.map((d) => [d.datasetName, d.columns.join(', '), d.purpose, LEGAL_BASIS_LABELS[d.legalBasis], d.retention, d.processor, d.correctedById !== null]),
      }),
    ];
    return { id: 'governance', title: 'Governance', blocks };
  },
};
