import { api } from '../../../common/contract/api';
import type { Gate, ModelCardFields } from '../../../common/contract/schemas/registry';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as datasets from '../../db/repositories/datasets';
import * as repo from '../../db/repositories/registry';
import type { StageChangeRow } from '../../db/repositories/registry';
import { listMembers } from '../../db/repositories/team';
import { runAnalysis } from '../analysis/runAnalysis';
import { gateReport } from '../governance/gates';

/**
 * The demo's model registry (issue 16): the fraud model with fraud-v3.1 in production since 2 October, fraud-v3.2
 * retrained on 16 November, the event's promotion policy set in the event week before any result was seen, a
 * fairness assessment of fraud-v3.2 by region and a model comparison on the demo's inference log, and a rollback
 * plan back to fraud-v3.1 rehearsed on 12 November. Written with the dates of the story (not today), each row in
 * the change log with its record. The promotion of fraud-v3.2 on 21 November is `addRegistryPromotionDemo`, which
 * runs after the sign-offs exist so the gates stored with it are the real ones.
 */
export async function addRegistryDemo(ctx: ServiceContext, eventId: string): Promise<void> {
  const { db } = ctx;
  const members = listMembers(db, eventId);
  const who = (name: string) => members.find((m) => m.name === name) ?? null;
  const jonas = who('Jonas Weber');
  const log = datasets.findDatasetByName(db, eventId, 'Inference log');
  const logVersion = log ? datasets.latestVersion(db, log.id) : null;

  // The policy comes first: thresholds agreed on day 2 of the event, before any fairness result.
  const policy = { id: ctx.newId(), eventId, dpdMax: 0.02, eodMax: 0.05, rehearsalMaxDays: 14, qualityMargin: 0.01, qualityMetric: 'precision' as const, setAt: '2026-11-10T10:30:00.000Z', setBy: 'Tomás Okafor' };

  // Evidence computed from the demo's own log: fairness of fraud-v3.2 by region, and fraud-v3.2 against fraud-v3.1.
  let fairnessResultId: string | null = null;
  let comparisonResultId: string | null = null;
  db.transaction(() => {
    repo.insertPolicy(db, policy);
    appendChange(db, policy.setAt, { actor: policy.setBy, entity: 'registry-policy', entityId: policy.id, action: 'set', eventId, payload: { before: null, after: policy }, record: { table: 'registry_policies', id: policy.id } });
  })();
  if (log) {
    const common = { eventId, datasetId: log.id, label: 'label', prediction: 'decision', posLabel: 'fraud', predictionPosLabel: 'flag', save: true };
    const fair = await runAnalysis(ctx, 'analysis-fairness', api['analysis-fairness'].input.parse({ ...common, window: { kind: 'value', column: 'model_version', value: 'fraud-v3.2' }, group: 'region', title: 'Fairness of fraud-v3.2 by region (evaluation for promotion)' }), {});
    const cmp = await runAnalysis(ctx, 'analysis-models', api['analysis-models'].input.parse({ ...common, versionColumn: 'model_version', latency: 'total_ms', baseline: 'fraud-v3.1', candidate: 'fraud-v3.2', metric: 'precision', reason: 'Promotion gate: quality not worse than production' }), {});
    fairnessResultId = fair.resultId;
    comparisonResultId = cmp.resultId;
  }

  db.transaction(() => {
    const model = { id: ctx.newId(), eventId, name: 'fraud', component: 'Model inference', description: 'Gradient-boosted fraud scorer behind the card-payment authorisation API.', createdAt: '2026-09-28T08:00:00.000Z', createdBy: 'Jonas Weber' };
    repo.insertModel(db, model);
    appendChange(db, model.createdAt, { actor: model.createdBy, entity: 'model', entityId: model.id, action: 'register', eventId, payload: { name: model.name, component: model.component }, record: { table: 'registry_models', id: model.id } });

    const owner = jonas ? { id: jonas.id, name: jonas.name } : null;
    const features = (extra: ModelCardFields['features']): ModelCardFields['features'] => [
      { name: 'amount', personal: false, sensitive: false },
      { name: 'merchant_category', personal: false, sensitive: false },
      { name: 'velocity_1h', personal: false, sensitive: false },
      ...extra,
    ];
    const card = (intendedUse: string, extra: ModelCardFields['features'], limitations: string): ModelCardFields => ({
      intendedUse,
      assumptions: 'Labels arrive within 30 days (chargebacks); the operating threshold is 0.5 on the score.',
      dataDependencies: 'Online feature store (read-through cache since 13 November); merchant table; chargeback feed for labels.',
      features: features(extra),
      limitations,
    });
    const versions = [
      { version: 'fraud-v3.1', at: '2026-09-28T08:00:00.000Z', training: [] as string[], card: card('Score card payments before authorisation; flag for review above the threshold.', [], 'Trained on August data; 1,200 trees make it slow at peak.') },
      {
        version: 'fraud-v3.2',
        at: '2026-11-16T16:00:00.000Z',
        training: logVersion ? [logVersion.id] : [],
        card: card('Score card payments before authorisation; flag for review above the threshold.', [{ name: 'region', personal: false, sensitive: true }], 'Region can stand in for nationality: monitored for fairness by region. Not validated for merchants onboarded after November.'),
      },
    ];
    const ids: string[] = [];
    for (const v of versions) {
      const id = ctx.newId();
      ids.push(id);
      repo.insertVersion(db, { id, modelId: model.id, version: v.version, artifact: null, trainingDatasetVersionIds: v.training, owner, createdAt: v.at, createdBy: 'Jonas Weber' });
      appendChange(db, v.at, { actor: 'Jonas Weber', entity: 'model-version', entityId: id, action: 'create', eventId, payload: { model: 'fraud', version: v.version, owner: owner?.name ?? null, trainingDatasetVersionIds: v.training }, record: { table: 'model_versions', id } });
      stage(ctx, eventId, { modelId: model.id, versionId: id, from: null, to: 'candidate', kind: 'register', at: v.at, actorName: 'Jonas Weber', reason: '' });
      const cardId = ctx.newId();
      repo.insertCard(db, cardId, id, v.at, 'Jonas Weber', v.card);
      appendChange(db, v.at, { actor: 'Jonas Weber', entity: 'model-card', entityId: cardId, action: 'save', eventId, payload: { model: 'fraud', version: v.version, features: v.card.features }, record: { table: 'model_cards', id: cardId } });
    }
    const [v31, v32] = ids as [string, string];
    const evidenceId = ctx.newId();
    const evidence = { metrics: [{ name: 'AUC (validation)', value: 0.934 }], comparisonResultId, fairnessResultId, evaluationDatasetVersionId: logVersion?.id ?? null };
    repo.insertEvidence(db, evidenceId, v32, '2026-11-20T11:00:00.000Z', 'Jonas Weber', evidence);
    appendChange(db, '2026-11-20T11:00:00.000Z', { actor: 'Jonas Weber', entity: 'model-evidence', entityId: evidenceId, action: 'save', eventId, payload: { model: 'fraud', version: 'fraud-v3.2', ...evidence }, record: { table: 'model_evidence', id: evidenceId } });

    // fraud-v3.1 went live on 2 October (model-performance.csv deployed_at), before the registry was used.
    stage(ctx, eventId, { modelId: model.id, versionId: v31, from: 'candidate', to: 'production', kind: 'promote', at: '2026-10-02T09:00:00.000Z', actorName: 'Jonas Weber', reason: 'In production before the event; recorded when the registry was set up.' });
    stage(ctx, eventId, { modelId: model.id, versionId: v32, from: 'candidate', to: 'staging', kind: 'stage', at: '2026-11-18T09:00:00.000Z', actorName: 'Jonas Weber', reason: 'Shadow scoring on 10 % of traffic.' });

    const planId = ctx.newId();
    const luis = who('Luis García');
    repo.insertPlan(db, {
      revisionId: planId, planId, eventId, modelId: model.id, title: 'Roll fraud scoring back to fraud-v3.1', component: 'Model inference', targetVersionId: v31,
      steps: ['Switch the serving alias "fraud-prod" to fraud-v3.1 (kubectl rollout undo)', 'Confirm p95 and the flag rate on the scoring dashboard for 15 minutes', 'Tell the risk team and record the rollback here'],
      ownerId: luis?.id ?? null, ownerName: luis?.name ?? null, triggerKpi: 'p95 latency', triggerOperator: '>', triggerValue: 250, triggerUnit: 'ms', createdAt: '2026-11-11T15:00:00.000Z', createdBy: 'Tomás Okafor',
    });
    appendChange(db, '2026-11-11T15:00:00.000Z', { actor: 'Tomás Okafor', entity: 'rollback-plan', entityId: planId, action: 'create', eventId, payload: { title: 'Roll fraud scoring back to fraud-v3.1', target: v31, trigger: 'p95 latency > 250 ms' }, record: { table: 'rollback_plans', id: planId } });
    const rehearsal = { id: ctx.newId(), date: '2026-11-12', durationMinutes: 18, notes: 'Rehearsed in staging during the event: alias switched back in 4 min, dashboards green after 14.', recordedAt: '2026-11-12T16:30:00.000Z', recordedBy: luis?.name ?? 'Luis García' };
    repo.insertRehearsal(db, planId, rehearsal);
    appendChange(db, rehearsal.recordedAt, { actor: rehearsal.recordedBy, entity: 'rollback-plan', entityId: planId, action: 'rehearse', reason: rehearsal.notes, eventId, payload: { title: 'Roll fraud scoring back to fraud-v3.1', date: rehearsal.date, durationMinutes: rehearsal.durationMinutes }, record: { table: 'rollback_rehearsals', id: rehearsal.id } });
  })();
}

type StageInput = Pick<StageChangeRow, 'modelId' | 'versionId' | 'from' | 'to' | 'kind' | 'at' | 'actorName' | 'reason'> & Partial<Pick<StageChangeRow, 'gates' | 'overrideReason' | 'overrideByName'>>;

function stage(ctx: ServiceContext, eventId: string, c: StageInput): void {
  const id = ctx.newId();
  const members = listMembers(ctx.db, eventId);
  const idOf = (name: string | null | undefined) => members.find((m) => m.name === name)?.id ?? null;
  repo.insertStageChange(ctx.db, { gates: [], overrideReason: null, overrideByName: null, ...c, id, actorId: idOf(c.actorName), overrideById: idOf(c.overrideByName), rollbackPlanId: null });
  const version = repo.findVersion(ctx.db, c.versionId)!.version;
  appendChange(ctx.db, c.at, { actor: c.actorName, entity: 'model-version', entityId: c.versionId, action: c.kind === 'register' ? 'register' : `${c.kind}:${c.to}`, reason: c.overrideReason ?? c.reason, eventId, payload: { model: 'fraud', version, from: c.from, to: c.to, ...(c.gates?.length ? { gates: (c.gates as Gate[]).map((g) => `${g.name}: ${g.status}`), overriddenBy: c.overrideByName ?? null } : {}) }, record: { table: 'model_stage_changes', id } });
}

/**
 * fraud-v3.2 promoted on 21 November by Jonas Weber with the gates evaluated for that date (fairness and quality
 * from the demo's log, the sign-offs as recorded, the freeze calendar, the rehearsed plan); fraud-v3.1 archived.
 */
export function addRegistryPromotionDemo(ctx: ServiceContext, eventId: string): void {
  const { db } = ctx;
  const model = repo.findModelByName(db, eventId, 'fraud');
  const v32 = model ? repo.findVersionByName(db, model.id, 'fraud-v3.2') : undefined;
  const v31 = model ? repo.findVersionByName(db, model.id, 'fraud-v3.1') : undefined;
  if (!model || !v32 || !v31) return;
  const at = '2026-11-21T14:00:00.000Z';
  const gates = gateReport(ctx, model, v32, at.slice(0, 10));
  db.transaction(() => {
    stage(ctx, eventId, { modelId: model.id, versionId: v31.id, from: 'production', to: 'archived', kind: 'replaced', at, actorName: 'Jonas Weber', reason: 'replaced by fraud-v3.2' });
    // A gate the demo's records do not satisfy (sign-offs missing, say) is shown as what it would be: an override.
    const override = gates.promotable ? {} : { overrideReason: 'Promoted on the change board\'s paper approval; the gates not passed were to be completed in the app.', overrideByName: 'Tomás Okafor' };
    stage(ctx, eventId, { modelId: model.id, versionId: v32.id, from: 'staging', to: 'production', kind: 'promote', at, actorName: 'Jonas Weber', reason: '', gates: gates.gates, ...override });
  })();
}
