/**
 * Promotion gates of the offline model registry (issue 16): pure evaluation of plain facts the service gathers
 * (policy, stored fairness and comparison results, sign-offs, freeze windows, rollback plans). Each gate is
 * pass / fail / inconclusive with evidence text; a version is promotable only when every gate passes.
 * Inconclusive is never a pass: it means the evidence needed to decide is missing or cannot decide.
 */

export const GATE_NAMES = ['fairness', 'signoffs', 'freeze', 'rollback-plan', 'quality'] as const;
export type GateName = (typeof GATE_NAMES)[number];
export const GATE_STATUSES = ['pass', 'fail', 'inconclusive'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];
export type GateResult = Readonly<{ name: GateName; status: GateStatus; detail: string }>;

export const GATE_LABELS: Readonly<Record<GateName, string>> = {
  fairness: 'Fairness',
  signoffs: 'Required sign-offs',
  freeze: 'Change freeze',
  'rollback-plan': 'Rollback plan rehearsed',
  quality: 'Quality vs production',
};

export const QUALITY_GATE_METRICS = ['precision', 'recall', 'accuracy', 'auc'] as const;
export type QualityGateMetric = (typeof QUALITY_GATE_METRICS)[number];

/** The event's promotion policy, set before results are seen. Null fields are "not set". */
export type GatePolicy = Readonly<{
  /** Largest acceptable demographic parity difference (max − min selection rate between groups). */
  dpdMax: number | null;
  /** Largest acceptable equalized odds difference (worse of the TPR and FPR differences). */
  eodMax: number | null;
  rehearsalMaxDays: number | null;
  /** How much lower than production the candidate's quality metric may be (absolute, e.g. 0.01). */
  qualityMargin: number | null;
  qualityMetric: QualityGateMetric;
  /** When the fairness thresholds last changed (ISO timestamp). */
  fairnessSetAt: string;
}>;

export type FairnessEvidence = Readonly<{
  resultId: string;
  createdAt: string;
  dpd: number | null;
  eod: number | null;
  rows: number;
  /** Rows with the positive label / predicted positive, over all groups. */
  positives: number;
  predictedPositives: number;
  /** Label of the data the result was computed on, e.g. 'Inference log v1'. */
  data: string;
  /** False when the result is on other data than the version's evaluation data. */
  onEvaluationData: boolean;
}>;

export type SignoffEvidence = Readonly<{
  required: readonly string[];
  status: 'none' | 'pending' | 'approved' | 'rejected';
  signatures: readonly Readonly<{ role: string; name: string; decision: 'approve' | 'approve-with-conditions' | 'reject'; at: string }>[];
}>;

export type RollbackEvidence = Readonly<{
  planTitle: string;
  targetVersionId: string | null;
  targetVersion: string | null;
  lastRehearsal: Readonly<{ date: string; durationMinutes: number }> | null;
}>;

export type QualityEvidence = Readonly<{
  resultId: string;
  /** Metric values per version label as stored in the comparison; null when undefined there. */
  values: Readonly<Record<string, number | null>>;
}>;

export type GateFacts = Readonly<{
  /** The promotion date (YYYY-MM-DD). */
  date: string;
  policy: GatePolicy | null;
  candidate: Readonly<{ id: string; version: string }>;
  production: Readonly<{ id: string; version: string }> | null;
  /** undefined: no result linked; 'missing': the linked result no longer exists. */
  fairness: FairnessEvidence | 'missing' | undefined;
  signoffs: SignoffEvidence | { error: string };
  /** The freeze window the date falls in; `overridden` when a freeze override was recorded for this promotion. */
  freeze: Readonly<{ name: string; reason: string; overridden?: boolean }> | null | { error: string };
  /** The model's rollback plans (latest revision each). */
  rollbackPlans: readonly RollbackEvidence[];
  quality: QualityEvidence | 'missing' | undefined;
}>;

const f3 = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(3));
const day = (iso: string): string => iso.slice(0, 10);

/** Whole days from a to b (YYYY-MM-DD, calendar days, no time zone involved). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Fairness: demographic parity difference ≤ dpdMax and equalized odds difference ≤ eodMax, from a stored result
 * on the version's evaluation data. Inconclusive when thresholds are unset, no result is linked, the result is on
 * other data, the positive label never occurs or nothing was predicted positive (a classifier that flags nobody
 * looks perfectly fair), a metric is undefined, or the thresholds were set after the result ("threshold set after
 * result": a threshold chosen after seeing the number proves nothing).
 */
export function fairnessGateResult(facts: GateFacts): GateResult {
  const r = (status: GateStatus, detail: string): GateResult => ({ name: 'fairness', status, detail });
  const p = facts.policy;
  if (!p || p.dpdMax === null || p.eodMax === null) return r('inconclusive', 'No fairness thresholds in the event policy: set them before looking at results.');
  const e = facts.fairness;
  if (e === undefined) return r('inconclusive', 'No stored fairness result is linked to this version.');
  if (e === 'missing') return r('inconclusive', 'The linked fairness result no longer exists.');
  const on = `${e.data}, result of ${day(e.createdAt)}`;
  if (!e.onEvaluationData) return r('inconclusive', `The fairness result is on ${e.data}, not on this version's evaluation data.`);
  if (e.positives === 0) return r('inconclusive', `Cannot decide: the positive label never occurs in the ${e.rows} rows (${on}).`);
  if (e.predictedPositives === 0) return r('inconclusive', `Cannot decide: no row in any group was predicted positive (${e.rows} rows, ${on}).`);
  if (p.fairnessSetAt > e.createdAt) return r('inconclusive', `Threshold set after result: the policy changed ${p.fairnessSetAt.slice(0, 16).replace('T', ' ')}, after the result of ${e.createdAt.slice(0, 16).replace('T', ' ')}. Run the fairness assessment again.`);
  if (e.dpd === null || e.eod === null) return r('inconclusive', `Cannot decide: ${e.dpd === null ? 'demographic parity' : 'equalized odds'} difference is undefined for this data (${on}).`);
  const dpdOk = e.dpd <= p.dpdMax;
  const eodOk = e.eod <= p.eodMax;
  const text = `demographic parity difference ${f3(e.dpd)} ${dpdOk ? '≤' : '>'} ${f3(p.dpdMax)}, equalized odds difference ${f3(e.eod)} ${eodOk ? '≤' : '>'} ${f3(p.eodMax)} (${on})`;
  return r(dpdOk && eodOk ? 'pass' : 'fail', text.charAt(0).toUpperCase() + text.slice(1) + '.');
}

const APPROVING = new Set(['approve', 'approve-with-conditions']);

/** Required sign-offs: every required role has an approving signature and nobody rejected. */
export function signoffGateResult(facts: GateFacts): GateResult {
  const r = (status: GateStatus, detail: string): GateResult => ({ name: 'signoffs', status, detail });
  const s = facts.signoffs;
  if ('error' in s) return r('inconclusive', `Sign-offs could not be read: ${s.error}`);
  const rejected = s.signatures.filter((x) => x.decision === 'reject');
  if (rejected.length) return r('fail', `Rejected by ${rejected.map((x) => `${x.name} (${x.role}, ${day(x.at)})`).join(', ')}.`);
  if (s.required.length === 0) return r('pass', 'No sign-off required: no personal or sensitive feature.');
  const missing = s.required.filter((role) => !s.signatures.some((x) => x.role === role && APPROVING.has(x.decision)));
  if (s.status === 'none') return r('fail', `Needs sign-off from ${s.required.join(', ')}; none requested yet.`);
  if (missing.length) return r('fail', `Waiting for ${missing.join(', ')}${s.signatures.length ? `; signed: ${signedBy(s)}` : ''}.`);
  return r('pass', `Signed: ${signedBy(s)}.`);
}

function signedBy(s: SignoffEvidence): string {
  return s.signatures.map((x) => `${x.name} (${x.role}, ${x.decision.replaceAll('-', ' ')}, ${day(x.at)})`).join(', ');
}

/** Not inside a change freeze on the promotion date. */
export function freezeGateResult(facts: GateFacts): GateResult {
  const r = (status: GateStatus, detail: string): GateResult => ({ name: 'freeze', status, detail });
  const w = facts.freeze;
  if (w && 'error' in w) return r('inconclusive', `The freeze calendar could not be read: ${w.error}`);
  if (w?.overridden) return r('pass', `${facts.date} is inside the change freeze "${w.name}", and a freeze override is recorded for this promotion.`);
  if (w) return r('fail', `${facts.date} is inside the change freeze "${w.name}"${w.reason ? ` (${w.reason})` : ''}.`);
  return r('pass', `${facts.date} is outside every change-freeze window.`);
}

/**
 * Rollback plan: a plan for this model that returns to the version now in production (any other version when
 * nothing is in production yet), rehearsed within the policy's N days before the promotion date.
 */
export function rollbackGateResult(facts: GateFacts): GateResult {
  const r = (status: GateStatus, detail: string): GateResult => ({ name: 'rollback-plan', status, detail });
  const max = facts.policy?.rehearsalMaxDays ?? null;
  if (max === null) return r('inconclusive', 'No rehearsal age (N days) in the event policy.');
  if (facts.rollbackPlans.length === 0) return r('fail', 'No rollback plan for this model.');
  const prod = facts.production;
  const fitting = facts.rollbackPlans.filter((p) => p.targetVersionId !== null && p.targetVersionId !== facts.candidate.id && (!prod || p.targetVersionId === prod.id));
  if (fitting.length === 0) {
    const names = facts.rollbackPlans.map((p) => `"${p.planTitle}" → ${p.targetVersion ?? 'no version'}`).join(', ');
    return r('fail', prod ? `No rollback plan returns to ${prod.version}, the version in production (${names}).` : `No rollback plan names a version to return to (${names}).`);
  }
  const rehearsed = fitting.filter((p) => p.lastRehearsal !== null).sort((a, b) => b.lastRehearsal!.date.localeCompare(a.lastRehearsal!.date));
  if (rehearsed.length === 0) return r('fail', `Rollback plan "${fitting[0]!.planTitle}" (to ${fitting[0]!.targetVersion}) has never been rehearsed.`);
  const best = rehearsed[0]!;
  const reh = best.lastRehearsal!;
  const age = daysBetween(reh.date, facts.date);
  const what = `Rollback plan "${best.planTitle}" (to ${best.targetVersion})`;
  if (age < 0) return r('inconclusive', `${what}: its rehearsal is dated ${reh.date}, after the promotion date ${facts.date}.`);
  const text = `${what} rehearsed ${reh.date} (${age} day${age === 1 ? '' : 's'} before ${facts.date}, ${f3(reh.durationMinutes)} min); policy: within ${max} days.`;
  return r(age <= max ? 'pass' : 'fail', text);
}

/** Quality: the candidate's metric is not lower than production's by more than the policy's margin (model comparison). */
export function qualityGateResult(facts: GateFacts): GateResult {
  const r = (status: GateStatus, detail: string): GateResult => ({ name: 'quality', status, detail });
  const prod = facts.production;
  if (!prod) return r('pass', 'No version in production: nothing to be worse than.');
  const p = facts.policy;
  if (!p || p.qualityMargin === null) return r('inconclusive', 'No quality margin in the event policy.');
  const q = facts.quality;
  if (q === undefined) return r('inconclusive', `No stored model comparison is linked to this version (needs ${prod.version} and ${facts.candidate.version}).`);
  if (q === 'missing') return r('inconclusive', 'The linked model comparison no longer exists.');
  const metric = p.qualityMetric;
  for (const v of [prod.version, facts.candidate.version]) {
    if (!(v in q.values)) return r('inconclusive', `The model comparison has no rows for ${v} (versions: ${Object.keys(q.values).join(', ')}).`);
    if (q.values[v] === null) return r('inconclusive', `The model comparison cannot compute ${metric} for ${v}.`);
  }
  const base = q.values[prod.version]!;
  const cand = q.values[facts.candidate.version]!;
  const ok = cand >= base - p.qualityMargin;
  return r(ok ? 'pass' : 'fail', `${metric} ${f3(cand)} (${facts.candidate.version}) vs ${f3(base)} (${prod.version}, in production): ${ok ? 'within' : 'worse than'} the margin ${f3(p.qualityMargin)}.`);
}

/** Every gate, in a fixed order; `promotable` when all pass. */
export function evaluateGates(facts: GateFacts): { promotable: boolean; gates: GateResult[] } {
  const gates = [fairnessGateResult(facts), signoffGateResult(facts), freezeGateResult(facts), rollbackGateResult(facts), qualityGateResult(facts)];
  return { promotable: gates.every((g) => g.status === 'pass'), gates };
}
