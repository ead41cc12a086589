import { AppError, notFound } from '../../../common/contract/errors';
import type { Acting } from '../../../common/contract/schemas/governance';
import type { EvidenceFields, GateReport, ModelCardFields, RollbackPlanFields, Stage } from '../../../common/contract/schemas/registry';
import { GATE_LABELS } from '../../../common/domain/governance/gates';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import { appendChange } from '../../db/changeLog';
import type { ChangeEntry } from '../../db/changeLog';
import { findResult } from '../../db/repositories/analysis';
import * as datasets from '../../db/repositories/datasets';
import * as repo from '../../db/repositories/registry';
import type { ModelRow, PlanRow, StageChangeRow, VersionRow } from '../../db/repositories/registry';
import * as team from '../../db/repositories/team';
import { requireEvent } from '../lookups';
import { ArtifactUploads, digestArtifact } from './artifacts';
import type { ArtifactDigest } from './artifacts';
import { raiseDpaReview } from './dpa';
import { freezeAt, recordFreezeOverride, todayIso } from './freeze';
import { gateReport } from './gates';
import { actorFor, currentFacilitator, verifyPassphrase } from './people';
import { productionVersion, requireModel, requirePlan, requireVersion, toModel, toPlan, toVersion, versionFeatures } from './registry';

/**
 * The offline model registry (issue 16): models, versions, model cards, evidence, stages, promotion gates,
 * the event's policy, rollback plans and rehearsals. Every write is a new row (the tables are append-only) and is
 * written to the hash-chained change log in the same transaction with the row it records.
 */
export function registryHandlers(ctx: ServiceContext): Handlers<MethodsOf<'registry'>> {
  const { db } = ctx;
  const uploads = new ArtifactUploads(ctx);
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'governance' });
  const log = (eventId: string, at: string, e: Omit<ChangeEntry, 'eventId'>) => appendChange(db, at, { ...e, eventId });

  const member = (eventId: string, id: string | null, field: string): { id: string; name: string } | null => {
    if (id === null) return null;
    const m = team.findMember(db, id);
    if (!m || m.eventId !== eventId) throw new AppError('BAD_INPUT', `${field}: no team member "${id}" in this event.`);
    return { id: m.id, name: m.name };
  };

  const checkEvidence = (eventId: string, e: EvidenceFields): void => {
    const result = (id: string | null, kind: 'models' | 'fairness', field: string, what: string) => {
      if (id === null) return;
      const r = findResult(db, id);
      if (!r || r.eventId !== eventId) throw new AppError('BAD_INPUT', `${field}: no stored analysis result "${id}" in this event.`);
      if (r.kind !== kind) throw new AppError('BAD_INPUT', `${field}: "${r.title}" is a ${r.kind} result, not ${what}.`);
    };
    result(e.comparisonResultId, 'models', 'comparisonResultId', 'a model comparison');
    result(e.fairnessResultId, 'fairness', 'fairnessResultId', 'a fairness assessment');
    if (e.evaluationDatasetVersionId !== null) datasetVersion(eventId, e.evaluationDatasetVersionId, 'evaluationDatasetVersionId');
  };

  const datasetVersion = (eventId: string, id: string, field: string): void => {
    const v = datasets.findVersionById(db, id);
    const d = v ? datasets.findDataset(db, v.datasetId) : null;
    if (!d || d.eventId !== eventId) throw new AppError('BAD_INPUT', `${field}: no imported dataset version "${id}" in this event.`);
  };

  /** Personal features of a version raise the "review the DPA" action (once per column). */
  const reviewDpa = (model: ModelRow, version: VersionRow): void => {
    const personal = versionFeatures(db, version.id).filter((f) => f.personal).map((f) => f.name);
    if (personal.length) raiseDpaReview(ctx, { eventId: model.eventId, source: { kind: 'model-version', id: version.id, label: `${model.name} ${version.version}` }, columns: personal });
  };

  const writeCard = (model: ModelRow, version: VersionRow, card: ModelCardFields, at: string, by: string): void => {
    const id = ctx.newId();
    repo.insertCard(db, id, version.id, at, by, card);
    log(model.eventId, at, { actor: by, entity: 'model-card', entityId: id, action: 'save', payload: { model: model.name, version: version.version, features: card.features }, record: { table: 'model_cards', id } });
  };

  const writeEvidence = (model: ModelRow, version: VersionRow, e: EvidenceFields, at: string, by: string): void => {
    const id = ctx.newId();
    repo.insertEvidence(db, id, version.id, at, by, e);
    log(model.eventId, at, { actor: by, entity: 'model-evidence', entityId: id, action: 'save', payload: { model: model.name, version: version.version, ...e }, record: { table: 'model_evidence', id } });
  };

  const writeStage = (model: ModelRow, c: Omit<StageChangeRow, 'id' | 'modelId'>, payload: Record<string, unknown> = {}): void => {
    const row: StageChangeRow = { ...c, id: ctx.newId(), modelId: model.id };
    repo.insertStageChange(db, row);
    const version = repo.findVersion(db, c.versionId)!.version;
    log(model.eventId, c.at, {
      actor: c.actorName,
      entity: 'model-version',
      entityId: c.versionId,
      action: c.kind === 'register' ? 'register' : `${c.kind}:${c.to}`,
      reason: c.overrideReason ?? c.reason,
      payload: { model: model.name, version, from: c.from, to: c.to, ...payload },
      record: { table: 'model_stage_changes', id: row.id },
    });
  };

  const verify = (eventId: string, acting: Acting) => verifyPassphrase(ctx, { eventId, memberId: acting.memberId, passphrase: acting.passphrase });

  const planRow = (eventId: string, planId: string, f: RollbackPlanFields, at: string, by: string): PlanRow => {
    const model = requireModel(ctx, f.modelId);
    if (model.eventId !== eventId) throw notFound('Model', f.modelId);
    const target = repo.findVersion(db, f.targetVersionId);
    if (!target || target.modelId !== model.id) throw new AppError('BAD_INPUT', `targetVersionId: "${f.targetVersionId}" is not a version of ${model.name}.`);
    const owner = member(eventId, f.ownerId, 'ownerId');
    return { ...f, revisionId: ctx.newId(), planId, eventId, ownerId: owner?.id ?? null, ownerName: owner?.name ?? null, createdAt: at, createdBy: by };
  };

  const savePlan = (p: PlanRow, action: 'create' | 'revise'): void => {
    db.transaction(() => {
      repo.insertPlan(db, p);
      log(p.eventId, p.createdAt, { actor: p.createdBy, entity: 'rollback-plan', entityId: p.planId, action, payload: { title: p.title, target: p.targetVersionId, trigger: `${p.triggerKpi} ${p.triggerOperator} ${p.triggerValue} ${p.triggerUnit}`.trim() }, record: { table: 'rollback_plans', id: p.revisionId } });
    })();
    changed(p.eventId);
  };

  const failing = (g: GateReport): string =>
    g.gates
      .filter((x) => x.status !== 'pass')
      .map((x) => `${GATE_LABELS[x.name]} ${x.status} (${x.detail})`)
      .join('; ');

  return {
    'registry-list': ({ eventId }) => {
      requireEvent(ctx, eventId, { allowDeleted: true });
      return repo.listModels(db, eventId).map((m) => toModel(db, m));
    },

    'registry-model-create': ({ eventId, name, component, description }) => {
      requireEvent(ctx, eventId);
      if (repo.findModelByName(db, eventId, name)) throw new AppError('CONFLICT', `A model named "${name}" is already registered in this event.`);
      const m: ModelRow = { id: ctx.newId(), eventId, name, component, description, createdAt: ctx.nowIso(), createdBy: actorFor(ctx, eventId) };
      db.transaction(() => {
        repo.insertModel(db, m);
        log(eventId, m.createdAt, { actor: m.createdBy, entity: 'model', entityId: m.id, action: 'register', payload: { name, component }, record: { table: 'registry_models', id: m.id } });
      })();
      changed(eventId);
      return toModel(db, m);
    },

    'registry-artifact-upload-begin': ({ fileName, size }) => uploads.begin(fileName, size),
    'registry-artifact-upload-chunk': ({ uploadId, offset, data }) => uploads.chunk(uploadId, offset, data),

    'registry-version-create': async (input) => {
      const model = requireModel(ctx, input.modelId);
      requireEvent(ctx, model.eventId);
      if (repo.findVersionByName(db, model.id, input.version)) throw new AppError('CONFLICT', `${model.name} already has a version "${input.version}".`);
      const owner = member(model.eventId, input.ownerId, 'ownerId');
      input.trainingDatasetVersionIds.forEach((id, i) => datasetVersion(model.eventId, id, `trainingDatasetVersionIds.${i}`));
      if (input.evidence) checkEvidence(model.eventId, input.evidence);
      const artifact: ArtifactDigest | null = input.artifact ? await digestArtifact(ctx, uploads, input.artifact) : null;
      // The hash took time: check again that nobody registered the same version meanwhile.
      if (repo.findVersionByName(db, model.id, input.version)) throw new AppError('CONFLICT', `${model.name} already has a version "${input.version}".`);
      const at = ctx.nowIso();
      const by = actorFor(ctx, model.eventId);
      const v: VersionRow = { id: ctx.newId(), modelId: model.id, version: input.version, artifact, trainingDatasetVersionIds: [...new Set(input.trainingDatasetVersionIds)], owner, createdAt: at, createdBy: by };
      db.transaction(() => {
        repo.insertVersion(db, v);
        log(model.eventId, at, { actor: by, entity: 'model-version', entityId: v.id, action: 'create', payload: { model: model.name, version: v.version, artifact, owner: owner?.name ?? null, trainingDatasetVersionIds: v.trainingDatasetVersionIds }, record: { table: 'model_versions', id: v.id } });
        writeStage(model, { versionId: v.id, from: null, to: 'candidate', kind: 'register', at, actorId: null, actorName: by, reason: '', gates: [], overrideReason: null, overrideById: null, overrideByName: null, rollbackPlanId: null });
        if (input.card) writeCard(model, v, input.card, at, by);
        if (input.evidence) writeEvidence(model, v, input.evidence, at, by);
        reviewDpa(model, v);
      })();
      if (input.artifact?.kind === 'handle') ctx.files.spend(input.artifact.handle);
      changed(model.eventId);
      return toVersion(db, v);
    },

    'registry-card-update': ({ versionId, card }) => {
      const { model, version } = requireVersion(ctx, versionId);
      requireEvent(ctx, model.eventId);
      db.transaction(() => {
        writeCard(model, version, card, ctx.nowIso(), actorFor(ctx, model.eventId));
        reviewDpa(model, version);
      })();
      changed(model.eventId);
      return toVersion(db, version);
    },

    'registry-evidence-update': ({ versionId, evidence }) => {
      const { model, version } = requireVersion(ctx, versionId);
      requireEvent(ctx, model.eventId);
      checkEvidence(model.eventId, evidence);
      db.transaction(() => writeEvidence(model, version, evidence, ctx.nowIso(), actorFor(ctx, model.eventId)))();
      changed(model.eventId);
      return toVersion(db, version);
    },

    'registry-stage-update': ({ versionId, stage, reason, acting }) => {
      const { model, version } = requireVersion(ctx, versionId);
      requireEvent(ctx, model.eventId);
      const from = repo.currentStage(db, versionId) ?? 'candidate';
      if (from === stage) throw new AppError('BAD_INPUT', `${model.name} ${version.version} is already ${stage}.`);
      let who: { id: string | null; name: string } = { id: null, name: actorFor(ctx, model.eventId) };
      if (from === 'production') {
        // Taking the production version out leaves nothing in production: a governance action, with a passphrase.
        if (!acting) throw new AppError('BAD_INPUT', `${version.version} is in production: moving it out needs the acting person's passphrase (or record a rollback).`);
        if (!reason.trim()) throw new AppError('BAD_INPUT', `Give a reason for taking ${version.version} out of production.`);
        const p = verify(model.eventId, acting);
        who = { id: p.memberId, name: p.name };
      }
      db.transaction(() => writeStage(model, { versionId, from, to: stage, kind: 'stage', at: ctx.nowIso(), actorId: who.id, actorName: who.name, reason, gates: [], overrideReason: null, overrideById: null, overrideByName: null, rollbackPlanId: null }))();
      changed(model.eventId);
      return toVersion(db, version);
    },

    'registry-gates': ({ versionId }) => {
      const { model, version } = requireVersion(ctx, versionId);
      return gateReport(ctx, model, version);
    },

    'registry-promote': ({ versionId, acting, override }) => {
      const { model, version } = requireVersion(ctx, versionId);
      requireEvent(ctx, model.eventId);
      const from: Stage = repo.currentStage(db, versionId) ?? 'candidate';
      if (from === 'production') throw new AppError('CONFLICT', `${model.name} ${version.version} is already in production.`);
      if (from === 'archived') throw new AppError('BAD_INPUT', `${version.version} is archived: record a rollback to return to it, or move it to staging first.`);
      // Passphrases are checked before any transaction, so a wrong try is counted even when the promotion stops.
      const promoter = verify(model.eventId, acting);
      const gates = gateReport(ctx, model, version);
      let overrideBy: { memberId: string; name: string } | null = null;
      if (!gates.promotable) {
        if (!override) throw new AppError('CONFLICT', `${model.name} ${version.version} is not promotable: ${failing(gates)}. Promoting anyway needs an override with a reason and the facilitator's passphrase.`, { gates });
        const facilitator = currentFacilitator(ctx, model.eventId);
        if (facilitator.memberId === null) throw new AppError('BAD_INPUT', 'Nobody is the facilitator of this event: choose one (Governance page) before overriding a gate.');
        if (override.facilitator.memberId !== facilitator.memberId) throw new AppError('FORBIDDEN', `Only the facilitator (${facilitator.name}) can override the gates.`);
        overrideBy = verify(model.eventId, override.facilitator);
        const freeze = gates.gates.find((g) => g.name === 'freeze');
        if (freeze?.status === 'fail' && freezeAt(db, model.eventId, gates.date)) {
          recordFreezeOverride(ctx, { eventId: model.eventId, date: gates.date, subject: { kind: 'promotion', id: version.id, label: `${model.name} ${version.version}` }, reason: override.reason, acting: override.facilitator });
        }
      }
      const at = ctx.nowIso();
      db.transaction(() => {
        const prod = productionVersion(db, model.id);
        if (prod) writeStage(model, { versionId: prod.id, from: 'production', to: 'archived', kind: 'replaced', at, actorId: promoter.memberId, actorName: promoter.name, reason: `replaced by ${version.version}`, gates: [], overrideReason: null, overrideById: null, overrideByName: null, rollbackPlanId: null });
        writeStage(
          model,
          { versionId, from, to: 'production', kind: 'promote', at, actorId: promoter.memberId, actorName: promoter.name, reason: '', gates: gates.gates, overrideReason: override && overrideBy ? override.reason : null, overrideById: overrideBy?.memberId ?? null, overrideByName: overrideBy?.name ?? null, rollbackPlanId: null },
          { gates: gates.gates.map((g) => `${g.name}: ${g.status}`), replaced: prod?.version ?? null, overriddenBy: overrideBy?.name ?? null },
        );
      })();
      changed(model.eventId);
      return { model: toModel(db, model), gates, overridden: overrideBy !== null };
    },

    'registry-policy-get': ({ eventId }) => {
      requireEvent(ctx, eventId, { allowDeleted: true });
      const history = repo.policyHistory(db, eventId);
      return { current: history.at(-1) ?? null, history };
    },

    'registry-policy-update': ({ eventId, policy }) => {
      requireEvent(ctx, eventId);
      const before = repo.policyHistory(db, eventId).at(-1) ?? null;
      const p = { ...policy, id: ctx.newId(), eventId, setAt: ctx.nowIso(), setBy: actorFor(ctx, eventId) };
      db.transaction(() => {
        repo.insertPolicy(db, p);
        const was = before ? { dpdMax: before.dpdMax, eodMax: before.eodMax, rehearsalMaxDays: before.rehearsalMaxDays, qualityMargin: before.qualityMargin, qualityMetric: before.qualityMetric } : null;
        log(eventId, p.setAt, { actor: p.setBy, entity: 'registry-policy', entityId: p.id, action: before ? 'change' : 'set', payload: { before: was, after: policy }, record: { table: 'registry_policies', id: p.id } });
      })();
      changed(eventId);
      return repo.policyHistory(db, eventId).at(-1)!;
    },

    'registry-plan-list': ({ eventId }) => {
      requireEvent(ctx, eventId, { allowDeleted: true });
      return repo.latestPlans(db, { eventId }).map((p) => toPlan(db, p));
    },

    'registry-plan-create': ({ eventId, ...fields }) => {
      requireEvent(ctx, eventId);
      const p = planRow(eventId, '', fields, ctx.nowIso(), actorFor(ctx, eventId));
      const row = { ...p, planId: p.revisionId };
      savePlan(row, 'create');
      return toPlan(db, row);
    },

    'registry-plan-update': ({ planId, ...fields }) => {
      const old = requirePlan(ctx, planId);
      requireEvent(ctx, old.eventId);
      if (fields.modelId !== old.modelId) throw new AppError('BAD_INPUT', 'A rollback plan stays with its model: create a new plan for another model.');
      const p = planRow(old.eventId, planId, fields, ctx.nowIso(), actorFor(ctx, old.eventId));
      savePlan(p, 'revise');
      return toPlan(db, p);
    },

    'registry-rehearsal-create': ({ planId, date, durationMinutes, notes }) => {
      const plan = requirePlan(ctx, planId);
      requireEvent(ctx, plan.eventId);
      if (date > todayIso(ctx)) throw new AppError('BAD_INPUT', `A rehearsal dated ${date} has not happened yet: record it on the day.`);
      const r = { id: ctx.newId(), date, durationMinutes, notes, recordedAt: ctx.nowIso(), recordedBy: actorFor(ctx, plan.eventId) };
      db.transaction(() => {
        repo.insertRehearsal(db, planId, r);
        log(plan.eventId, r.recordedAt, { actor: r.recordedBy, entity: 'rollback-plan', entityId: planId, action: 'rehearse', reason: notes, payload: { title: plan.title, date, durationMinutes }, record: { table: 'rollback_rehearsals', id: r.id } });
      })();
      changed(plan.eventId);
      return toPlan(db, requirePlan(ctx, planId));
    },

    'registry-rollback': ({ planId, acting, reason }) => {
      const plan = requirePlan(ctx, planId);
      requireEvent(ctx, plan.eventId);
      const model = requireModel(ctx, plan.modelId);
      const target = repo.findVersion(db, plan.targetVersionId)!;
      const targetStage = repo.currentStage(db, target.id) ?? 'candidate';
      if (targetStage === 'production') throw new AppError('CONFLICT', `${target.version} is already in production: nothing to roll back.`);
      const who = verify(plan.eventId, acting);
      const at = ctx.nowIso();
      db.transaction(() => {
        const prod = productionVersion(db, model.id);
        const base = { at, actorId: who.memberId, actorName: who.name, gates: [], overrideReason: null, overrideById: null, overrideByName: null, rollbackPlanId: planId };
        if (prod) writeStage(model, { ...base, versionId: prod.id, from: 'production', to: 'archived', kind: 'replaced', reason: `rolled back to ${target.version}: ${reason}` });
        writeStage(model, { ...base, versionId: target.id, from: targetStage, to: 'production', kind: 'rollback', reason }, { plan: plan.title, from: prod?.version ?? null });
      })();
      changed(plan.eventId);
      return toModel(db, model);
    },
  };
}
