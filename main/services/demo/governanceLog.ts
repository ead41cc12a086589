import type { Component, ControlledChangeFields } from '../../../common/contract/schemas/governance';
import type { ServiceContext } from '../../context';
import { listMembers } from '../../db/repositories/team';
import { listDecisions } from '../../db/repositories/improve';
import { createChange, listComponents } from '../governance/changes';
import { DEMO_SCRYPT_N, setPassphrase, switchFacilitator } from '../governance/people';

/**
 * The demo passphrase of a team member: "demo-" and their first name in lower case without accents
 * (Tomás Okafor → demo-tomas). Demo data, stored as scrypt hashes like any other; listed in the README.
 */
export function demoPassphrase(name: string): string {
  const first = name.split(/\s+/)[0]!.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return `demo-${first}`.padEnd(8, '-');
}

/**
 * Governance core of the demo: every team member has a passphrase, Tomás Okafor is the current facilitator,
 * and two controlled changes are recorded — the online feature cache (with a correction of its actual date)
 * and the promotion of fraud-v3.2 over fraud-v3.1 on 2026-11-21.
 */
export function addGovernanceLogDemo(ctx: ServiceContext, eventId: string): void {
  const members = listMembers(ctx.db, eventId);
  for (const m of members) setPassphrase(ctx, { memberId: m.id, passphrase: demoPassphrase(m.name) }, { N: DEMO_SCRYPT_N });
  const who = (name: string) => members.find((m) => m.name === name) ?? members[0]!;
  const facilitator = members.find((m) => m.role === 'facilitator') ?? members[0]!;
  switchFacilitator(ctx, { eventId, memberId: facilitator.id, passphrase: demoPassphrase(facilitator.name) });

  const components = listComponents(ctx, eventId);
  const pick = (kind: Component['kind'], test: RegExp, fallback: string): Component =>
    components.find((c) => c.kind === kind && test.test(c.label)) ?? { kind: 'other', id: '', label: fallback };
  const approve = (name: string) => ({ memberId: who(name).id, passphrase: demoPassphrase(who(name).name) });
  const decision = listDecisions(ctx.db, eventId).find((d) => /feature reads/.test(d.decision));

  const cache: ControlledChangeFields = {
    component: pick('vsm-stage', /feature/i, 'Online feature store'),
    changeType: 'infrastructure',
    before: 'Every scoring request reads its features from the warehouse (p95 lookup 180 ms)',
    after: 'Read-through feature cache in front of the store, TTL 15 min (p95 lookup 12 ms)',
    reason: 'Feature lookups are two thirds of the p95 budget; the cache removes the round trip for repeat customers.',
    link: decision ? { kind: 'decision', id: decision.id } : null,
    requesterId: who('Luis García').id,
    ticketRef: 'OPS-4821',
    plannedDate: '2026-11-12',
    actualDate: '2026-11-12',
  };
  const first = createChange(ctx, { eventId, fields: cache, approver: approve('Mei Lin'), correctsId: null });
  // The cache went live a day later than first written down: a correction, never an edit.
  createChange(ctx, {
    eventId,
    fields: { ...cache, actualDate: '2026-11-13', reason: 'Correction: the cache went live on 13 November after the canary, not on the 12th.' },
    approver: approve('Mei Lin'),
    correctsId: first.id,
  });
  createChange(ctx, {
    eventId,
    fields: {
      component: pick('model', /fraud/i, 'Fraud model'),
      changeType: 'model',
      before: 'fraud-v3.1 in production',
      after: 'fraud-v3.2 in production (fraud-v3.1 kept as rollback target)',
      reason: 'fraud-v3.2 keeps recall and cuts model time; gates passed with the governance board and compliance sign-offs.',
      link: null,
      requesterId: who('Jonas Weber').id,
      ticketRef: 'CHG-1107',
      plannedDate: '2026-11-21',
      actualDate: '2026-11-21',
    },
    approver: approve('Priya Raman'),
    correctsId: null,
  });
}
