import { isAppError } from '../../../common/contract/errors';
import type { GateReport } from '../../../common/contract/schemas/registry';
import type { FairnessReport } from '../../../common/domain/fairness/fairness';
import type { ModelSummary } from '../../../common/domain/latency/modelComparison';
import { evaluateGates } from '../../../common/domain/governance/gates';
import type { FairnessEvidence, GateFacts, GatePolicy, QualityEvidence } from '../../../common/domain/governance/gates';
import type { ServiceContext } from '../../context';
import { findResult } from '../../db/repositories/analysis';
import * as datasets from '../../db/repositories/datasets';
import * as repo from '../../db/repositories/registry';
import type { ModelRow, VersionRow } from '../../db/repositories/registry';
import { freezeAt, hasFreezeOverride, todayIso } from './freeze';
import { productionVersion } from './registry';
import { signoffStatus } from './signoffs';

// Gathers the facts the promotion gates judge (common/domain/governance/gates.ts) from the store.

const message = (e: unknown): string => (isAppError(e) || e instanceof Error ? e.message : String(e));

function datasetLabel(ctx: ServiceContext, versionIds: readonly string[]): string {
  return versionIds
    .map((id) => {
      const v = datasets.findVersionById(ctx.db, id);
      const d = v ? datasets.findDataset(ctx.db, v.datasetId) : null;
      return v && d ? `${d.name} v${v.version}` : `dataset version ${id}`;
    })
    .join(', ');
}

function fairnessEvidence(ctx: ServiceContext, resultId: string | null, evaluationId: string | null): FairnessEvidence | 'missing' | undefined {
  if (!resultId) return undefined;
  const r = findResult(ctx.db, resultId);
  if (!r || r.kind !== 'fairness') return 'missing';
  const report = (r.result as { report?: FairnessReport } | null)?.report;
  if (!report) return 'missing';
  const o = report.overall;
  return {
    resultId,
    createdAt: r.createdAt,
    dpd: report.demographic_parity_difference,
    eod: report.equalized_odds_difference,
    rows: o.count,
    positives: o.positives,
    predictedPositives: o.selection_rate === null ? 0 : Math.round(o.selection_rate * o.count),
    data: datasetLabel(ctx, r.datasetVersionIds),
    onEvaluationData: evaluationId === null || r.datasetVersionIds.includes(evaluationId),
  };
}

function qualityEvidence(ctx: ServiceContext, resultId: string | null, metric: GatePolicy['qualityMetric']): QualityEvidence | 'missing' | undefined {
  if (!resultId) return undefined;
  const r = findResult(ctx.db, resultId);
  if (!r || r.kind !== 'models') return 'missing';
  const versions = (r.result as { versions?: ModelSummary[] } | null)?.versions;
  if (!versions) return 'missing';
  return { resultId, values: Object.fromEntries(versions.map((v) => [v.version, v[metric] ?? null])) };
}

/** The facts for promoting `version` of `model` on `date` (today on this machine's calendar by default). */
export function gateFacts(ctx: ServiceContext, model: ModelRow, version: VersionRow, date = todayIso(ctx)): GateFacts {
  const { db } = ctx;
  const policyRow = repo.policyHistory(db, model.eventId).at(-1);
  const policy: GatePolicy | null = policyRow
    ? { dpdMax: policyRow.dpdMax, eodMax: policyRow.eodMax, rehearsalMaxDays: policyRow.rehearsalMaxDays, qualityMargin: policyRow.qualityMargin, qualityMetric: policyRow.qualityMetric, fairnessSetAt: policyRow.fairnessSetAt }
    : null;
  const prod = productionVersion(db, model.id);
  const evidence = repo.latestEvidence(db, version.id);
  let signoffs: GateFacts['signoffs'];
  try {
    signoffs = signoffStatus(db, { kind: 'model-version', id: version.id });
  } catch (e) {
    signoffs = { error: message(e) };
  }
  let freeze: GateFacts['freeze'];
  try {
    const hit = freezeAt(db, model.eventId, date);
    freeze = hit ? { name: hit.name, reason: hit.reason, overridden: hasFreezeOverride(db, 'promotion', version.id, date) } : null;
  } catch (e) {
    freeze = { error: message(e) };
  }
  const rollbackPlans = repo.latestPlans(db, { modelId: model.id }).map((p) => {
    const last = repo.rehearsals(db, p.planId)[0];
    return {
      planTitle: p.title,
      targetVersionId: p.targetVersionId,
      targetVersion: repo.findVersion(db, p.targetVersionId)?.version ?? null,
      lastRehearsal: last ? { date: last.date, durationMinutes: last.durationMinutes } : null,
    };
  });
  return {
    date,
    policy,
    candidate: { id: version.id, version: version.version },
    production: prod && prod.id !== version.id ? { id: prod.id, version: prod.version } : null,
    fairness: fairnessEvidence(ctx, evidence?.fairnessResultId ?? null, evidence?.evaluationDatasetVersionId ?? null),
    signoffs,
    freeze,
    rollbackPlans,
    quality: qualityEvidence(ctx, evidence?.comparisonResultId ?? null, policy?.qualityMetric ?? 'precision'),
  };
}

/** The gates for promoting a version now. */
export function gateReport(ctx: ServiceContext, model: ModelRow, version: VersionRow, date = todayIso(ctx)): GateReport {
  return { ...evaluateGates(gateFacts(ctx, model, version, date)), date };
}
