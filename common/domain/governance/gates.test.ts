import { describe, expect, it } from 'vitest';
import { daysBetween, evaluateGates } from './gates';
import type { GateFacts, GateName, GateStatus } from './gates';

// One fully passing set of facts; each row of the table changes one thing and names the gate and outcome.
const base: GateFacts = {
  date: '2026-11-21',
  policy: { dpdMax: 0.05, eodMax: 0.1, rehearsalMaxDays: 14, qualityMargin: 0.01, qualityMetric: 'precision', fairnessSetAt: '2026-11-10T09:00:00.000Z' },
  candidate: { id: 'v32', version: 'fraud-v3.2' },
  production: { id: 'v31', version: 'fraud-v3.1' },
  fairness: { resultId: 'fr', createdAt: '2026-11-20T10:00:00.000Z', dpd: 0.02, eod: 0.04, rows: 1000, positives: 40, predictedPositives: 55, data: 'Inference log v1', onEvaluationData: true },
  signoffs: {
    required: ['governance-board', 'compliance-legal'],
    status: 'approved',
    signatures: [
      { role: 'governance-board', name: 'Priya Raman', decision: 'approve', at: '2026-11-20T15:00:00.000Z' },
      { role: 'compliance-legal', name: 'Hannah Cole', decision: 'approve-with-conditions', at: '2026-11-20T16:00:00.000Z' },
    ],
  },
  freeze: null,
  rollbackPlans: [{ planTitle: 'Back to v3.1', targetVersionId: 'v31', targetVersion: 'fraud-v3.1', lastRehearsal: { date: '2026-11-12', durationMinutes: 12 } }],
  quality: { resultId: 'mc', values: { 'fraud-v3.1': 0.45, 'fraud-v3.2': 0.9 } },
};

type Row = [title: string, change: Partial<GateFacts>, gate: GateName, status: GateStatus, detail: RegExp];
const fair = base.fairness as Exclude<GateFacts['fairness'], 'missing' | undefined>;
const policy = base.policy!;

const table: Row[] = [
  // fairness
  ['fairness within both thresholds', {}, 'fairness', 'pass', /^Demographic parity difference 0\.020 ≤ 0\.050, equalized odds difference 0\.040 ≤ 0\.100 \(Inference log v1, result of 2026-11-20\)/],
  ['fairness over the DPD threshold', { fairness: { ...fair, dpd: 0.08 } }, 'fairness', 'fail', /0\.080 > 0\.050/],
  ['fairness over the EOD threshold', { fairness: { ...fair, eod: 0.2 } }, 'fairness', 'fail', /equalized odds difference 0\.200 > 0\.100/],
  ['degenerate: the positive label never occurs', { fairness: { ...fair, positives: 0, dpd: 0, eod: null } }, 'fairness', 'inconclusive', /positive label never occurs in the 1000 rows/],
  ['degenerate: no positive predictions in any group (DPD 0 would pass)', { fairness: { ...fair, predictedPositives: 0, dpd: 0, eod: 0 } }, 'fairness', 'inconclusive', /no row in any group was predicted positive/],
  ['threshold set after the result', { policy: { ...policy, fairnessSetAt: '2026-11-20T11:00:00.000Z' } }, 'fairness', 'inconclusive', /Threshold set after result/],
  ['no fairness result linked', { fairness: undefined }, 'fairness', 'inconclusive', /No stored fairness result/],
  ['linked result deleted', { fairness: 'missing' }, 'fairness', 'inconclusive', /no longer exists/],
  ['result on other data', { fairness: { ...fair, onEvaluationData: false } }, 'fairness', 'inconclusive', /not on this version's evaluation data/],
  ['no thresholds in the policy', { policy: { ...policy, dpdMax: null } }, 'fairness', 'inconclusive', /No fairness thresholds/],
  ['undefined equalized odds', { fairness: { ...fair, eod: null } }, 'fairness', 'inconclusive', /equalized odds difference is undefined/],
  // sign-offs
  ['every required role approved', {}, 'signoffs', 'pass', /Signed: Priya Raman \(governance-board, approve, 2026-11-20\)/],
  ['nothing required', { signoffs: { required: [], status: 'none', signatures: [] } }, 'signoffs', 'pass', /No sign-off required/],
  ['required but never requested', { signoffs: { required: ['compliance-legal'], status: 'none', signatures: [] } }, 'signoffs', 'fail', /none requested yet/],
  ['one signer missing', { signoffs: { required: ['governance-board', 'compliance-legal'], status: 'pending', signatures: [base.signoffs && 'signatures' in base.signoffs ? base.signoffs.signatures[0]! : ({} as never)] } }, 'signoffs', 'fail', /Waiting for compliance-legal/],
  ['a signer rejected', { signoffs: { required: ['compliance-legal'], status: 'rejected', signatures: [{ role: 'compliance-legal', name: 'Hannah Cole', decision: 'reject', at: '2026-11-20T16:00:00.000Z' }] } }, 'signoffs', 'fail', /Rejected by Hannah Cole/],
  ['sign-offs unreadable', { signoffs: { error: 'database busy' } }, 'signoffs', 'inconclusive', /could not be read: database busy/],
  // freeze
  ['outside every window', {}, 'freeze', 'pass', /2026-11-21 is outside every change-freeze window/],
  ['inside month-end close', { freeze: { name: 'Month-end close', reason: 'Finance close' } }, 'freeze', 'fail', /inside the change freeze "Month-end close" \(Finance close\)/],
  ['inside a window with a recorded freeze override', { freeze: { name: 'Month-end close', reason: '', overridden: true } }, 'freeze', 'pass', /freeze override is recorded/],
  ['freeze calendar unreadable', { freeze: { error: 'bad rule' } }, 'freeze', 'inconclusive', /could not be read: bad rule/],
  // rollback plan
  ['rehearsed 9 days before, policy 14', {}, 'rollback-plan', 'pass', /rehearsed 2026-11-12 \(9 days before 2026-11-21, 12 min\); policy: within 14 days/],
  ['rehearsal too old', { rollbackPlans: [{ ...base.rollbackPlans[0]!, lastRehearsal: { date: '2026-10-01', durationMinutes: 20 } }] }, 'rollback-plan', 'fail', /51 days before/],
  ['never rehearsed', { rollbackPlans: [{ ...base.rollbackPlans[0]!, lastRehearsal: null }] }, 'rollback-plan', 'fail', /never been rehearsed/],
  ['no plan', { rollbackPlans: [] }, 'rollback-plan', 'fail', /No rollback plan for this model/],
  ['plan returns to another version than production', { rollbackPlans: [{ ...base.rollbackPlans[0]!, targetVersionId: 'v30', targetVersion: 'fraud-v3.0' }] }, 'rollback-plan', 'fail', /No rollback plan returns to fraud-v3\.1/],
  ['no rehearsal age in the policy', { policy: { ...policy, rehearsalMaxDays: null } }, 'rollback-plan', 'inconclusive', /No rehearsal age/],
  ['rehearsal dated after the promotion', { rollbackPlans: [{ ...base.rollbackPlans[0]!, lastRehearsal: { date: '2026-11-25', durationMinutes: 5 } }] }, 'rollback-plan', 'inconclusive', /after the promotion date/],
  // quality
  ['better than production', {}, 'quality', 'pass', /precision 0\.900 \(fraud-v3\.2\) vs 0\.450 \(fraud-v3\.1, in production\): within the margin 0\.010/],
  ['first production version', { production: null, rollbackPlans: [{ ...base.rollbackPlans[0]!, targetVersionId: 'v30', targetVersion: 'fraud-v3.0' }] }, 'quality', 'pass', /nothing to be worse than/],
  ['worse beyond the margin', { quality: { resultId: 'mc', values: { 'fraud-v3.1': 0.9, 'fraud-v3.2': 0.88 } } }, 'quality', 'fail', /worse than the margin 0\.010/],
  ['within the margin though lower', { quality: { resultId: 'mc', values: { 'fraud-v3.1': 0.9, 'fraud-v3.2': 0.895 } } }, 'quality', 'pass', /within the margin/],
  ['no comparison linked', { quality: undefined }, 'quality', 'inconclusive', /No stored model comparison/],
  ['comparison lacks production', { quality: { resultId: 'mc', values: { 'fraud-v3.2': 0.9 } } }, 'quality', 'inconclusive', /no rows for fraud-v3\.1/],
  ['metric undefined for a version', { quality: { resultId: 'mc', values: { 'fraud-v3.1': null, 'fraud-v3.2': 0.9 } } }, 'quality', 'inconclusive', /cannot compute precision for fraud-v3\.1/],
];

describe('promotion gates: every gate × pass / fail / inconclusive', () => {
  it.each(table)('%s', (_title, change, gate, status, detail) => {
    const out = evaluateGates({ ...base, ...change });
    const g = out.gates.find((x) => x.name === gate)!;
    expect(g.status).toBe(status);
    expect(g.detail).toMatch(detail);
    expect(out.promotable).toBe(out.gates.every((x) => x.status === 'pass'));
    if (status !== 'pass') expect(out.promotable).toBe(false);
  });

  it('covers each gate with all three outcomes', () => {
    for (const gate of ['fairness', 'signoffs', 'freeze', 'rollback-plan', 'quality'] as const) {
      expect(new Set(table.filter((r) => r[2] === gate).map((r) => r[3]))).toEqual(new Set(['pass', 'fail', 'inconclusive']));
    }
  });

  it('passing facts are promotable; the gates come in a fixed order', () => {
    const out = evaluateGates(base);
    expect(out.promotable).toBe(true);
    expect(out.gates.map((g) => g.name)).toEqual(['fairness', 'signoffs', 'freeze', 'rollback-plan', 'quality']);
  });

  it('counts calendar days across a month end and a leap day', () => {
    expect(daysBetween('2026-11-12', '2026-11-21')).toBe(9);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });
});
