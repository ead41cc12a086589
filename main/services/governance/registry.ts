import { notFound } from '../../../common/contract/errors';
import type { Gate, ModelVersion, ProductionPeriod, RegistryModel, RollbackPlan, StageChange } from '../../../common/contract/schemas/registry';
import type { ServiceContext } from '../../context';
import type { Db } from '../../db/connection';
import * as repo from '../../db/repositories/registry';
import type { ModelRow, PlanRow, VersionRow } from '../../db/repositories/registry';
import * as datasets from '../../db/repositories/datasets';
import { personalColumns } from '../../db/repositories/signoffs';
import { freezeAt } from './freeze';

// Reading the model registry (a leaf of the governance area: sign-offs and gates import it, it imports neither).

/**
 * A model version's features and whether each is personal or sensitive: the features of its latest model card,
 * personal when the card says so or when the column of that name is marked personal in one of the version's
 * training datasets (marked at import or on the Data page). Sign-offs use it to require the governance board and
 * compliance.
 */
export function versionFeatures(db: Db, versionId: string): { name: string; personal: boolean; sensitive: boolean }[] {
  const card = repo.latestCard(db, versionId);
  if (!card) return [];
  const v = repo.findVersion(db, versionId);
  const personal = new Set<string>();
  for (const dvId of v?.trainingDatasetVersionIds ?? []) {
    const dv = datasets.findVersionById(db, dvId);
    if (dv) for (const c of personalColumns(db, dv.datasetId)) personal.add(c);
  }
  return card.features.map((f) => ({ name: f.name, personal: f.personal || personal.has(f.name), sensitive: f.sensitive }));
}

export function requireModel(ctx: ServiceContext, id: string): ModelRow {
  const m = repo.findModel(ctx.db, id);
  if (!m) throw notFound('Model', id);
  return m;
}

export function requireVersion(ctx: ServiceContext, id: string): { model: ModelRow; version: VersionRow } {
  const version = repo.findVersion(ctx.db, id);
  if (!version) throw notFound('Model version', id);
  return { model: requireModel(ctx, version.modelId), version };
}

export function requirePlan(ctx: ServiceContext, planId: string): PlanRow {
  const p = repo.findPlan(ctx.db, planId);
  if (!p) throw notFound('Rollback plan', planId);
  return p;
}

/** The model's version now in production, or null. */
export function productionVersion(db: Db, modelId: string): VersionRow | null {
  const id = repo.productionVersionIds(db, modelId)[0];
  return id ? (repo.findVersion(db, id) ?? null) : null;
}

export function toVersion(db: Db, v: VersionRow): ModelVersion {
  return { ...v, stage: repo.currentStage(db, v.id) ?? 'candidate', card: repo.latestCard(db, v.id), evidence: repo.latestEvidence(db, v.id) };
}

function toChange(db: Db, eventId: string, c: repo.StageChangeRow, versionName: string): StageChange {
  const freeze = c.kind === 'promote' || c.kind === 'rollback' ? freezeAt(db, eventId, c.at.slice(0, 10)) : null;
  return {
    id: c.id,
    versionId: c.versionId,
    version: versionName,
    from: c.from,
    to: c.to,
    kind: c.kind,
    at: c.at,
    by: c.actorName,
    reason: c.reason,
    gates: c.gates as Gate[],
    override: c.overrideReason !== null ? { reason: c.overrideReason, by: c.overrideByName ?? '' } : null,
    freeze: freeze ? { name: freeze.name, reason: freeze.reason } : null,
  };
}

/** What was in production when: one period per entry into production, closed by the next change of that version. */
export function productionPeriods(history: readonly StageChange[]): ProductionPeriod[] {
  const out: ProductionPeriod[] = [];
  for (const c of history) {
    const open = out.find((p) => p.versionId === c.versionId && p.to === null);
    if (open && c.to !== 'production') open.to = c.at;
    if (c.to === 'production' && !open) out.push({ versionId: c.versionId, version: c.version, from: c.at, to: null, promotedBy: c.by, overridden: c.override !== null });
  }
  return out;
}

export function toModel(db: Db, m: ModelRow): RegistryModel {
  const versions = repo.listVersions(db, m.id);
  const names = new Map(versions.map((v) => [v.id, v.version]));
  const history = repo.stageChanges(db, m.id).map((c) => toChange(db, m.eventId, c, names.get(c.versionId) ?? c.versionId));
  return {
    ...m,
    productionVersionId: repo.productionVersionIds(db, m.id)[0] ?? null,
    versions: versions.map((v) => toVersion(db, v)),
    history,
    production: productionPeriods(history),
  };
}

export function toPlan(db: Db, p: PlanRow): RollbackPlan {
  const rehearsals = repo.rehearsals(db, p.planId);
  return {
    id: p.planId,
    revisionId: p.revisionId,
    eventId: p.eventId,
    modelId: p.modelId,
    modelName: repo.findModel(db, p.modelId)?.name ?? '',
    title: p.title,
    component: p.component,
    targetVersionId: p.targetVersionId,
    targetVersion: repo.findVersion(db, p.targetVersionId)?.version ?? '',
    steps: p.steps,
    ownerId: p.ownerId,
    ownerName: p.ownerName,
    triggerKpi: p.triggerKpi,
    triggerOperator: p.triggerOperator,
    triggerValue: p.triggerValue,
    triggerUnit: p.triggerUnit,
    savedAt: p.createdAt,
    savedBy: p.createdBy,
    rehearsals,
    lastRehearsal: rehearsals[0] ?? null,
  };
}
