import type { Evidence, ModelCard, ModelFeature, Policy, Rehearsal, Stage } from '../../../common/contract/schemas/registry';
import type { Db } from '../connection';
import { parseJson } from '../rowMapping';

// SQL of the model registry (migration 0100). Insert and read only: every table is append-only.

type Row = Record<string, unknown>;
const s = (v: unknown): string => v as string;
const sn = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : (v as number));

export type ModelRow = Readonly<{ id: string; eventId: string; name: string; component: string; description: string; createdAt: string; createdBy: string }>;
export type VersionRow = Readonly<{
  id: string;
  modelId: string;
  version: string;
  artifact: { name: string; sha256: string; size: number } | null;
  trainingDatasetVersionIds: string[];
  owner: { id: string; name: string } | null;
  createdAt: string;
  createdBy: string;
}>;
export type StageChangeRow = Readonly<{
  id: string;
  modelId: string;
  versionId: string;
  from: Stage | null;
  to: Stage;
  kind: 'register' | 'stage' | 'promote' | 'replaced' | 'rollback';
  at: string;
  actorId: string | null;
  actorName: string;
  reason: string;
  gates: unknown[];
  overrideReason: string | null;
  overrideById: string | null;
  overrideByName: string | null;
  rollbackPlanId: string | null;
}>;
export type PlanRow = Readonly<{
  revisionId: string;
  planId: string;
  eventId: string;
  modelId: string;
  title: string;
  component: string;
  targetVersionId: string;
  steps: string[];
  ownerId: string | null;
  ownerName: string | null;
  triggerKpi: string;
  triggerOperator: '>' | '>=' | '<' | '<=';
  triggerValue: number;
  triggerUnit: string;
  createdAt: string;
  createdBy: string;
}>;

const toModel = (r: Row): ModelRow => ({ id: s(r.id), eventId: s(r.event_id), name: s(r.name), component: s(r.component), description: s(r.description), createdAt: s(r.created_at), createdBy: s(r.created_by) });

const toVersion = (r: Row): VersionRow => ({
  id: s(r.id),
  modelId: s(r.model_id),
  version: s(r.version),
  artifact: r.artifact_sha256 ? { name: s(r.artifact_name), sha256: s(r.artifact_sha256), size: r.artifact_size as number } : null,
  trainingDatasetVersionIds: parseJson<string[]>(r.training_dataset_version_ids, []),
  owner: r.owner_id ? { id: s(r.owner_id), name: s(r.owner_name) } : null,
  createdAt: s(r.created_at),
  createdBy: s(r.created_by),
});

const toChange = (r: Row): StageChangeRow => ({
  id: s(r.id),
  modelId: s(r.model_id),
  versionId: s(r.version_id),
  from: sn(r.from_stage) as Stage | null,
  to: s(r.to_stage) as Stage,
  kind: s(r.kind) as StageChangeRow['kind'],
  at: s(r.at),
  actorId: sn(r.actor_id),
  actorName: s(r.actor_name),
  reason: s(r.reason),
  gates: parseJson<unknown[]>(r.gates, []),
  overrideReason: sn(r.override_reason),
  overrideById: sn(r.override_by_id),
  overrideByName: sn(r.override_by_name),
  rollbackPlanId: sn(r.rollback_plan_id),
});

const toPlan = (r: Row): PlanRow => ({
  revisionId: s(r.id),
  planId: s(r.plan_id),
  eventId: s(r.event_id),
  modelId: s(r.model_id),
  title: s(r.title),
  component: s(r.component),
  targetVersionId: s(r.target_version_id),
  steps: parseJson<string[]>(r.steps, []),
  ownerId: sn(r.owner_id),
  ownerName: sn(r.owner_name),
  triggerKpi: s(r.trigger_kpi),
  triggerOperator: s(r.trigger_operator) as PlanRow['triggerOperator'],
  triggerValue: r.trigger_value as number,
  triggerUnit: s(r.trigger_unit),
  createdAt: s(r.created_at),
  createdBy: s(r.created_by),
});

export function insertModel(db: Db, m: ModelRow): void {
  db.prepare('INSERT INTO registry_models (id, event_id, name, component, description, created_at, created_by) VALUES (?,?,?,?,?,?,?)').run(m.id, m.eventId, m.name, m.component, m.description, m.createdAt, m.createdBy);
}

export function listModels(db: Db, eventId: string): ModelRow[] {
  return (db.prepare('SELECT * FROM registry_models WHERE event_id = ? ORDER BY seq').all(eventId) as Row[]).map(toModel);
}

export function findModel(db: Db, id: string): ModelRow | undefined {
  const r = db.prepare('SELECT * FROM registry_models WHERE id = ?').get(id) as Row | undefined;
  return r ? toModel(r) : undefined;
}

export function findModelByName(db: Db, eventId: string, name: string): ModelRow | undefined {
  const r = db.prepare('SELECT * FROM registry_models WHERE event_id = ? AND name = ?').get(eventId, name) as Row | undefined;
  return r ? toModel(r) : undefined;
}

export function insertVersion(db: Db, v: VersionRow): void {
  db.prepare(
    `INSERT INTO model_versions (id, model_id, version, artifact_name, artifact_sha256, artifact_size, training_dataset_version_ids, owner_id, owner_name, created_at, created_by)
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(v.id, v.modelId, v.version, v.artifact?.name ?? null, v.artifact?.sha256 ?? null, v.artifact?.size ?? null, JSON.stringify(v.trainingDatasetVersionIds), v.owner?.id ?? null, v.owner?.name ?? null, v.createdAt, v.createdBy);
}

export function listVersions(db: Db, modelId: string): VersionRow[] {
  return (db.prepare('SELECT * FROM model_versions WHERE model_id = ? ORDER BY seq').all(modelId) as Row[]).map(toVersion);
}

export function findVersion(db: Db, id: string): VersionRow | undefined {
  const r = db.prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as Row | undefined;
  return r ? toVersion(r) : undefined;
}

export function findVersionByName(db: Db, modelId: string, version: string): VersionRow | undefined {
  const r = db.prepare('SELECT * FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version) as Row | undefined;
  return r ? toVersion(r) : undefined;
}

export function insertCard(db: Db, id: string, versionId: string, at: string, by: string, c: Omit<ModelCard, 'at' | 'by'>): void {
  db.prepare('INSERT INTO model_cards (id, version_id, intended_use, assumptions, data_dependencies, features, limitations, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)').run(
    id, versionId, c.intendedUse, c.assumptions, c.dataDependencies, JSON.stringify(c.features), c.limitations, at, by,
  );
}

/** The version's current model card (its latest revision), or null. */
export function latestCard(db: Db, versionId: string): ModelCard | null {
  const r = db.prepare('SELECT * FROM model_cards WHERE version_id = ? ORDER BY seq DESC LIMIT 1').get(versionId) as Row | undefined;
  if (!r) return null;
  return { intendedUse: s(r.intended_use), assumptions: s(r.assumptions), dataDependencies: s(r.data_dependencies), features: parseJson<ModelFeature[]>(r.features, []), limitations: s(r.limitations), at: s(r.created_at), by: s(r.created_by) };
}

export function insertEvidence(db: Db, id: string, versionId: string, at: string, by: string, e: Omit<Evidence, 'at' | 'by'>): void {
  db.prepare('INSERT INTO model_evidence (id, version_id, metrics, comparison_result_id, fairness_result_id, evaluation_dataset_version_id, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)').run(
    id, versionId, JSON.stringify(e.metrics), e.comparisonResultId, e.fairnessResultId, e.evaluationDatasetVersionId, at, by,
  );
}

export function latestEvidence(db: Db, versionId: string): Evidence | null {
  const r = db.prepare('SELECT * FROM model_evidence WHERE version_id = ? ORDER BY seq DESC LIMIT 1').get(versionId) as Row | undefined;
  if (!r) return null;
  return {
    metrics: parseJson<{ name: string; value: number }[]>(r.metrics, []),
    comparisonResultId: sn(r.comparison_result_id),
    fairnessResultId: sn(r.fairness_result_id),
    evaluationDatasetVersionId: sn(r.evaluation_dataset_version_id),
    at: s(r.created_at),
    by: s(r.created_by),
  };
}

export function insertStageChange(db: Db, c: StageChangeRow): void {
  db.prepare(
    `INSERT INTO model_stage_changes (id, model_id, version_id, from_stage, to_stage, kind, at, actor_id, actor_name, reason, gates, override_reason, override_by_id, override_by_name, rollback_plan_id)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(c.id, c.modelId, c.versionId, c.from, c.to, c.kind, c.at, c.actorId, c.actorName, c.reason, JSON.stringify(c.gates), c.overrideReason, c.overrideById, c.overrideByName, c.rollbackPlanId);
}

export function stageChanges(db: Db, modelId: string): StageChangeRow[] {
  return (db.prepare('SELECT * FROM model_stage_changes WHERE model_id = ? ORDER BY seq').all(modelId) as Row[]).map(toChange);
}

/** A version's stage: its latest stage change. */
export function currentStage(db: Db, versionId: string): Stage | null {
  return (db.prepare('SELECT to_stage FROM model_stage_changes WHERE version_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(versionId) as Stage | undefined) ?? null;
}

/** The model's versions whose latest stage change put them in production (at most one, by the service's rule). */
export function productionVersionIds(db: Db, modelId: string): string[] {
  return db
    .prepare(
      `SELECT c.version_id FROM model_stage_changes c
       WHERE c.model_id = ? AND c.seq = (SELECT max(seq) FROM model_stage_changes WHERE version_id = c.version_id) AND c.to_stage = 'production'`,
    )
    .pluck()
    .all(modelId) as string[];
}

export function insertPolicy(db: Db, p: Omit<Policy, 'fairnessSetAt'>): void {
  db.prepare('INSERT INTO registry_policies (id, event_id, dpd_max, eod_max, rehearsal_max_days, quality_margin, quality_metric, set_at, set_by) VALUES (?,?,?,?,?,?,?,?,?)').run(
    p.id, p.eventId, p.dpdMax, p.eodMax, p.rehearsalMaxDays, p.qualityMargin, p.qualityMetric, p.setAt, p.setBy,
  );
}

/** Every revision of the event's policy, oldest first; `fairnessSetAt` is when the fairness thresholds last changed. */
export function policyHistory(db: Db, eventId: string): Policy[] {
  const rows = db.prepare('SELECT * FROM registry_policies WHERE event_id = ? ORDER BY seq').all(eventId) as Row[];
  const out: Policy[] = [];
  for (const r of rows) {
    const prev = out[out.length - 1];
    const p = { id: s(r.id), eventId: s(r.event_id), dpdMax: nn(r.dpd_max), eodMax: nn(r.eod_max), rehearsalMaxDays: nn(r.rehearsal_max_days), qualityMargin: nn(r.quality_margin), qualityMetric: s(r.quality_metric) as Policy['qualityMetric'], setAt: s(r.set_at), setBy: s(r.set_by) };
    const same = prev && prev.dpdMax === p.dpdMax && prev.eodMax === p.eodMax;
    out.push({ ...p, fairnessSetAt: same ? prev.fairnessSetAt : p.setAt });
  }
  return out;
}

export function insertPlan(db: Db, p: PlanRow): void {
  db.prepare(
    `INSERT INTO rollback_plans (id, plan_id, event_id, model_id, title, component, target_version_id, steps, owner_id, owner_name, trigger_kpi, trigger_operator, trigger_value, trigger_unit, created_at, created_by)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(p.revisionId, p.planId, p.eventId, p.modelId, p.title, p.component, p.targetVersionId, JSON.stringify(p.steps), p.ownerId, p.ownerName, p.triggerKpi, p.triggerOperator, p.triggerValue, p.triggerUnit, p.createdAt, p.createdBy);
}

/** Each plan's latest revision, for an event or one model. */
export function latestPlans(db: Db, by: { eventId: string } | { modelId: string }): PlanRow[] {
  const [col, val] = 'eventId' in by ? ['event_id', by.eventId] : ['model_id', by.modelId];
  return (
    db.prepare(`SELECT * FROM rollback_plans p WHERE p.${col} = ? AND p.seq = (SELECT max(seq) FROM rollback_plans WHERE plan_id = p.plan_id) ORDER BY p.seq`).all(val) as Row[]
  ).map(toPlan);
}

export function findPlan(db: Db, planId: string): PlanRow | undefined {
  const r = db.prepare('SELECT * FROM rollback_plans WHERE plan_id = ? ORDER BY seq DESC LIMIT 1').get(planId) as Row | undefined;
  return r ? toPlan(r) : undefined;
}

export function insertRehearsal(db: Db, planId: string, r: Rehearsal): void {
  db.prepare('INSERT INTO rollback_rehearsals (id, plan_id, rehearsed_on, duration_minutes, notes, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?)').run(r.id, planId, r.date, r.durationMinutes, r.notes, r.recordedAt, r.recordedBy);
}

/** A plan's rehearsals, latest date first. */
export function rehearsals(db: Db, planId: string): Rehearsal[] {
  return (db.prepare('SELECT * FROM rollback_rehearsals WHERE plan_id = ? ORDER BY rehearsed_on DESC, seq DESC').all(planId) as Row[]).map((r) => ({
    id: s(r.id),
    date: s(r.rehearsed_on),
    durationMinutes: r.duration_minutes as number,
    notes: s(r.notes),
    recordedAt: s(r.recorded_at),
    recordedBy: s(r.recorded_by),
  }));
}
