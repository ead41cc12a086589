import { z } from 'zod';
import { method } from './define';
import { ByEvent, Id, IsoDate, IsoDateTime, LongText } from './common';
import { FileHandle } from './system';
import { Acting } from './governance';
import { GATE_NAMES, GATE_STATUSES, QUALITY_GATE_METRICS } from '../../domain/governance/gates';

/** Offline model registry, promotion gates and rollback plans (issue 16). Every record is append-only. */

export const STAGES = ['candidate', 'staging', 'production', 'archived'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;
export const STAGE_LABELS: Readonly<Record<Stage, string>> = { candidate: 'Candidate', staging: 'Staging', production: 'Production', archived: 'Archived' };

const Name = z.string().trim().min(1, 'must not be empty').max(200);
const Text = z.string().max(5_000);

/**
 * Where a model's artifact is read to compute its SHA-256 (the file is never copied): `path` from the CLI only
 * (dispatch refuses it from a window), `handle` from the desktop dialog, `upload` from browser mode, whose
 * chunks are hashed as they arrive and never written to disk (`registry-artifact-upload-begin`/`-chunk`).
 */
export const ArtifactSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('handle'), handle: FileHandle }),
  z.object({ kind: z.literal('upload'), uploadId: Id }),
]);
export type ArtifactSource = z.infer<typeof ArtifactSource>;

export const ModelFeature = z.object({ name: Name, personal: z.boolean().default(false), sensitive: z.boolean().default(false) });
export type ModelFeature = z.infer<typeof ModelFeature>;

export const ModelCardFields = z.object({
  intendedUse: Text.default(''),
  assumptions: Text.default(''),
  dataDependencies: Text.default(''),
  features: z.array(ModelFeature).max(500).default([]),
  limitations: Text.default(''),
});
export type ModelCardFields = z.infer<typeof ModelCardFields>;
export const ModelCard = ModelCardFields.extend({ at: IsoDateTime, by: z.string() });
export type ModelCard = z.infer<typeof ModelCard>;

export const Metric = z.object({ name: Name, value: z.number().finite() });

/** What a version is judged on: typed-in metrics and links to stored analysis results. */
export const EvidenceFields = z.object({
  metrics: z.array(Metric).max(50).default([]),
  /** A stored 'models' analysis result comparing this version with production. */
  comparisonResultId: Id.nullable().default(null),
  /** A stored 'fairness' analysis result on this version's evaluation data. */
  fairnessResultId: Id.nullable().default(null),
  /** The imported dataset version this version is evaluated on (the fairness result must be on it). */
  evaluationDatasetVersionId: Id.nullable().default(null),
});
export type EvidenceFields = z.infer<typeof EvidenceFields>;
export const Evidence = EvidenceFields.extend({ at: IsoDateTime, by: z.string() });
export type Evidence = z.infer<typeof Evidence>;

export const Gate = z.object({ name: z.enum(GATE_NAMES), status: z.enum(GATE_STATUSES), detail: z.string() });
export type Gate = z.infer<typeof Gate>;
export const GateReport = z.object({ promotable: z.boolean(), gates: z.array(Gate), date: IsoDate });
export type GateReport = z.infer<typeof GateReport>;

export const STAGE_CHANGE_KINDS = ['register', 'stage', 'promote', 'replaced', 'rollback'] as const;
/** One entry of a version's stage history; a promotion keeps the gates as they were at that moment. */
export const StageChange = z.object({
  id: Id,
  versionId: Id,
  version: z.string(),
  from: Stage.nullable(),
  to: Stage,
  kind: z.enum(STAGE_CHANGE_KINDS),
  at: IsoDateTime,
  by: z.string(),
  reason: z.string(),
  gates: z.array(Gate),
  override: z.object({ reason: z.string(), by: z.string() }).nullable(),
  /** The change-freeze window the date falls in, if any (flagged wherever a promotion shows). */
  freeze: z.object({ name: z.string(), reason: z.string() }).nullable(),
});
export type StageChange = z.infer<typeof StageChange>;

export const ModelVersion = z.object({
  id: Id,
  modelId: Id,
  version: z.string(),
  stage: Stage,
  artifact: z.object({ name: z.string(), sha256: z.string(), size: z.number() }).nullable(),
  trainingDatasetVersionIds: z.array(Id),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  card: ModelCard.nullable(),
  evidence: Evidence.nullable(),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

/** A stretch of time a version was in production (to: null = still is). */
export const ProductionPeriod = z.object({ versionId: Id, version: z.string(), from: IsoDateTime, to: IsoDateTime.nullable(), promotedBy: z.string(), overridden: z.boolean() });
export type ProductionPeriod = z.infer<typeof ProductionPeriod>;

export const RegistryModel = z.object({
  id: Id,
  eventId: Id,
  name: z.string(),
  component: z.string(),
  description: z.string(),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  productionVersionId: Id.nullable(),
  versions: z.array(ModelVersion),
  history: z.array(StageChange),
  production: z.array(ProductionPeriod),
});
export type RegistryModel = z.infer<typeof RegistryModel>;

export const PolicyFields = z.object({
  dpdMax: z.number().min(0).max(1).nullable(),
  eodMax: z.number().min(0).max(1).nullable(),
  rehearsalMaxDays: z.number().int().min(0).max(3650).nullable(),
  qualityMargin: z.number().min(0).max(1).nullable(),
  qualityMetric: z.enum(QUALITY_GATE_METRICS).default('precision'),
});
export type PolicyFields = z.infer<typeof PolicyFields>;
export const Policy = PolicyFields.extend({ id: Id, eventId: Id, setAt: IsoDateTime, setBy: z.string(), fairnessSetAt: IsoDateTime });
export type Policy = z.infer<typeof Policy>;

export const TRIGGER_OPERATORS = ['>', '>=', '<', '<='] as const;
export const RollbackPlanFields = z.object({
  modelId: Id,
  title: Name,
  /** The component the plan protects (VSM stage, service) besides the model. */
  component: z.string().trim().max(300).default(''),
  targetVersionId: Id,
  steps: z.array(z.string().trim().min(1).max(2000)).min(1, 'a plan needs at least one step').max(100),
  ownerId: Id.nullable(),
  triggerKpi: Name,
  triggerOperator: z.enum(TRIGGER_OPERATORS),
  triggerValue: z.number().finite(),
  triggerUnit: z.string().trim().max(40).default(''),
});
export type RollbackPlanFields = z.infer<typeof RollbackPlanFields>;
export const Rehearsal = z.object({ id: Id, date: IsoDate, durationMinutes: z.number(), notes: z.string(), recordedAt: IsoDateTime, recordedBy: z.string() });
export type Rehearsal = z.infer<typeof Rehearsal>;
export const RollbackPlan = RollbackPlanFields.extend({
  /** The plan (stable across revisions); `revisionId` is this revision's row. */
  id: Id,
  revisionId: Id,
  eventId: Id,
  modelName: z.string(),
  targetVersion: z.string(),
  ownerName: z.string().nullable(),
  savedAt: IsoDateTime,
  savedBy: z.string(),
  rehearsals: z.array(Rehearsal),
  lastRehearsal: Rehearsal.nullable(),
});
export type RollbackPlan = z.infer<typeof RollbackPlan>;

const Reason = z.string().trim().min(1, 'give a reason').max(2000);

export const registryMethods = {
  /** Models with versions, stages, model cards, evidence, stage history and production periods. */
  'registry-list': method(ByEvent, z.array(RegistryModel)),
  'registry-model-create': method(z.object({ eventId: Id, name: Name, component: z.string().trim().max(300).default(''), description: LongText.default('') }), RegistryModel),
  /** Starts hashing a file the browser sends in chunks; nothing is written to disk. */
  'registry-artifact-upload-begin': method(z.object({ fileName: z.string().min(1).max(500), size: z.number().int().min(0) }), z.object({ uploadId: Id, chunkBytes: z.number() })),
  'registry-artifact-upload-chunk': method(z.object({ uploadId: Id, offset: z.number().int().min(0), data: z.string().max(1_000_000) }), z.object({ received: z.number() })),
  'registry-version-create': method(
    z.object({
      modelId: Id,
      version: Name,
      artifact: ArtifactSource.nullable().default(null),
      trainingDatasetVersionIds: z.array(Id).max(50).default([]),
      ownerId: Id.nullable().default(null),
      card: ModelCardFields.optional(),
      evidence: EvidenceFields.optional(),
    }),
    ModelVersion,
  ),
  /** A new revision of the version's model card (earlier ones stay in the store and the change log). */
  'registry-card-update': method(z.object({ versionId: Id, card: ModelCardFields }), ModelVersion),
  'registry-evidence-update': method(z.object({ versionId: Id, evidence: EvidenceFields }), ModelVersion),
  /** Moves a version to candidate, staging or archived. Archiving the version in production needs the acting person. */
  'registry-stage-update': method(z.object({ versionId: Id, stage: z.enum(['candidate', 'staging', 'archived']), reason: z.string().max(2000).default(''), acting: Acting.optional() }), ModelVersion),
  /** The gates as they stand now, shown before promoting. */
  'registry-gates': method(z.object({ versionId: Id }), GateReport),
  /**
   * Promotes to production (the previous production version is archived). The acting person's passphrase is
   * checked; any gate that does not pass needs `override` with a reason and the facilitator's passphrase.
   */
  'registry-promote': method(
    z.object({ versionId: Id, acting: Acting, override: z.object({ reason: Reason, facilitator: Acting }).optional() }),
    z.object({ model: RegistryModel, gates: GateReport, overridden: z.boolean() }),
  ),
  'registry-policy-get': method(ByEvent, z.object({ current: Policy.nullable(), history: z.array(Policy) })),
  'registry-policy-update': method(z.object({ eventId: Id, policy: PolicyFields }), Policy),
  'registry-plan-list': method(ByEvent, z.array(RollbackPlan)),
  'registry-plan-create': method(RollbackPlanFields.extend({ eventId: Id }), RollbackPlan),
  /** A new revision of a plan; the earlier one stays. */
  'registry-plan-update': method(RollbackPlanFields.extend({ planId: Id }), RollbackPlan),
  'registry-rehearsal-create': method(z.object({ planId: Id, date: IsoDate, durationMinutes: z.number().min(0).max(100_000), notes: z.string().max(2000).default('') }), RollbackPlan),
  /** "Record rollback": production goes back to the plan's target version; logged with the reason. */
  'registry-rollback': method(z.object({ planId: Id, acting: Acting, reason: Reason }), RegistryModel),
} as const;
