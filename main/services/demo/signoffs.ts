import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as datasets from '../../db/repositories/datasets';
import * as improve from '../../db/repositories/improve';
import * as registry from '../../db/repositories/registry';
import * as repo from '../../db/repositories/signoffs';
import * as team from '../../db/repositories/team';
import { DEMO_SCRYPT_N, setPassphrase } from '../governance/people';
import { demoPassphrase } from './governanceLog';

/** The demo's governance-board member (the sample team in resources/demo has none). */
export const DEMO_BOARD_MEMBER = 'Grace Mensah';

/**
 * Sign-offs, freeze calendar and DPA register of the demo (issue 16), written with the story's dates:
 * the month-end close freeze (last 3 business days of each month: 26, 27 and 30 November, clear of the
 * promotion on Saturday 21 November), the DPA entry for the `region` column (marked personal at import, whose
 * "Review the DPA" action compliance then closed), and the governance-board and compliance sign-offs of
 * fraud-v3.2 (its card uses region), recorded the day before its promotion so the promotion's gates see them.
 * Runs after the registry and the governance log (passphrases, facilitator), before the promotion.
 */
export function addSignoffDemo(ctx: ServiceContext, eventId: string): void {
  const { db } = ctx;
  const boardId = ctx.newId();
  team.insertMember(db, boardId, eventId, {
    name: DEMO_BOARD_MEMBER,
    role: 'governance-board',
    dataAccess: [],
    processStages: [],
    canModifyStaging: false,
    notes: 'Chairs the AI governance board; signs off models that use personal or sensitive features.',
  });
  setPassphrase(ctx, { memberId: boardId, passphrase: demoPassphrase(DEMO_BOARD_MEMBER) }, { N: DEMO_SCRYPT_N });
  const members = team.listMembers(db, eventId);
  const who = (role: string) => members.find((m) => m.role === role);
  const facilitator = who('facilitator')?.name ?? ctx.actor;
  const compliance = who('compliance-legal');
  const board = members.find((m) => m.id === boardId)!;

  const log = datasets.findDatasetByName(db, eventId, 'Inference log');
  const model = registry.findModelByName(db, eventId, 'fraud');
  const v32 = model ? registry.findVersionByName(db, model.id, 'fraud-v3.2') : undefined;

  db.transaction(() => {
    const freeze = {
      id: ctx.newId(),
      eventId,
      name: 'Month-end close',
      reason: 'Finance closes the books on the card-payment ledger: no changes to scoring, features or thresholds.',
      rule: { kind: 'month-end' as const, businessDays: 3 },
      validFrom: null,
      validUntil: null,
      createdBy: facilitator,
      createdAt: '2026-11-09T10:00:00.000Z',
    };
    repo.insertWindow(db, freeze);
    appendChange(db, freeze.createdAt, { actor: facilitator, entity: 'freeze-window', entityId: freeze.id, action: 'create', reason: freeze.reason, eventId, payload: { name: freeze.name, rule: 'last 3 business days of each month' }, record: { table: 'freeze_windows', id: freeze.id } });

    if (log && compliance) {
      const dpa = {
        id: ctx.newId(),
        eventId,
        datasetId: log.id,
        datasetName: log.name,
        columns: ['region'],
        purpose: 'Fairness monitoring of fraud scores by region (demographic parity, equalized odds) and the region feature of fraud-v3.2.',
        legalBasis: 'legitimate-interests' as const,
        retention: '90 days (inference-log retention agreed with compliance)',
        processor: 'In-house fraud platform team; no external processor',
        correctsId: null,
        recordedBy: compliance.name,
        createdAt: '2026-11-19T09:30:00.000Z',
      };
      repo.insertDpa(db, dpa);
      appendChange(db, dpa.createdAt, { actor: compliance.name, entity: 'dpa-entry', entityId: dpa.id, action: 'record', reason: dpa.purpose, eventId, payload: { dataset: dpa.datasetName, columns: dpa.columns, legalBasis: dpa.legalBasis, retention: dpa.retention, processor: dpa.processor }, record: { table: 'dpa_entries', id: dpa.id } });
      // The review the import raised is done: the register now records the use.
      for (const a of improve.listActions(db, eventId)) {
        if (a.title.startsWith('Review the DPA') && a.status === 'planned') improve.updateAction(db, a.id, dpa.createdAt, { status: 'done', dueDate: '2026-11-19' });
      }
    }

    if (model && v32 && compliance) {
      const request: repo.StoredRequest = {
        id: ctx.newId(),
        eventId,
        subject: { kind: 'model-version', id: v32.id },
        subjectLabel: `${model.name} ${v32.version}`,
        requiredRoles: ['governance-board', 'compliance-legal'],
        statement: 'Promote fraud-v3.2 to production: it keeps recall, cuts model time, and adds the region feature (personal, sensitive).',
        conditions: 'Fairness by region monitored weekly for 30 days; roll back to fraud-v3.1 if the demographic parity difference exceeds 0.02.',
        requesterId: members.find((m) => m.name === 'Jonas Weber')?.id ?? board.id,
        requestedBy: members.find((m) => m.name === 'Jonas Weber')?.name ?? board.name,
        createdAt: '2026-11-19T11:00:00.000Z',
      };
      repo.insertRequest(db, request);
      appendChange(db, request.createdAt, { actor: request.requestedBy, entity: 'signoff-request', entityId: request.id, action: 'request', reason: request.statement, eventId, payload: { subject: request.subject, label: request.subjectLabel, requiredRoles: request.requiredRoles, conditions: request.conditions }, record: { table: 'signoff_requests', id: request.id } });
      const signatures = [
        { id: ctx.newId(), memberId: board.id, name: board.name, role: board.role, decision: 'approve' as const, comment: 'Region is covered by the fairness gate and the rollback plan was rehearsed on 12 November.', at: '2026-11-20T10:15:00.000Z' },
        { id: ctx.newId(), memberId: compliance.id, name: compliance.name, role: compliance.role, decision: 'approve-with-conditions' as const, comment: 'Approved with the DPA entry for region; keep the 90-day retention of the inference log.', at: '2026-11-20T15:40:00.000Z' },
      ];
      for (const s of signatures) {
        repo.insertSignature(db, request.id, s);
        appendChange(db, s.at, { actor: s.name, entity: 'signoff', entityId: s.id, action: s.decision, reason: s.comment, eventId, payload: { requestId: request.id, subject: request.subject, label: request.subjectLabel, role: s.role }, record: { table: 'signoff_signatures', id: s.id } });
      }
    }
  })();
}
