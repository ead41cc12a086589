import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { Facilitator } from '../../../../common/contract/schemas/governance';
import type { GateReport, ModelCardFields, ModelFeature, ModelVersion, RegistryModel } from '../../../../common/contract/schemas/registry';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { GATE_LABELS } from '../../../../common/domain/governance/gates';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { useAppStore } from '../../store';
import { REGISTRY_AREAS, StageBadge, when } from './registryUi';

type Props = Readonly<{ eventId: string; model: RegistryModel; version: ModelVersion; members: readonly TeamMember[] }>;

/** One version opened: model card editor, evidence links, stage moves, and the gates with the promote dialog. */
export function ModelVersionDetail({ eventId, model, version, members }: Props) {
  const label = `${model.name} ${version.version}`;
  return (
    <section className="version-detail" aria-label={`Version ${label}`}>
      <h3>{label} <StageBadge stage={version.stage} /></h3>
      {version.stage !== 'production' && version.stage !== 'archived' && <PromoteBox eventId={eventId} model={model} version={version} members={members} />}
      <CardEditor version={version} />
      <EvidenceEditor eventId={eventId} version={version} />
      <StageMoves version={version} />
    </section>
  );
}

export function GatesTable({ report, caption }: Readonly<{ report: GateReport; caption: string }>) {
  return (
    <table className="gates-table" data-testid="gates-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead><tr><th scope="col">Gate</th><th scope="col">Status</th><th scope="col">Evidence</th></tr></thead>
      <tbody>
        {report.gates.map((g) => (
          <tr key={g.name} data-testid={`gate-${g.name}`}>
            <th scope="row">{GATE_LABELS[g.name]}</th>
            <td><span className={`gate-status gs-${g.status}`}>{g.status.toUpperCase()}</span></td>
            <td>{g.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The gates as they stand, then who promotes (their passphrase). When a gate does not pass, promoting needs an
 * override: a reason and the facilitator's passphrase. Passphrases are cleared after every try.
 */
function PromoteBox({ eventId, model, version, members }: Props) {
  const gates = useCall('registry-gates', { versionId: version.id }, REGISTRY_AREAS);
  const ops = useChange(['registry']);
  const toast = useAppStore((s) => s.toast);
  const [facilitator, setFacilitator] = useState<Facilitator | null>(null);
  const [promoter, setPromoter] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [reason, setReason] = useState('');
  const [facilitatorPass, setFacilitatorPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void call('governance-facilitator-get', { eventId }).then(setFacilitator, () => setFacilitator(null));
  }, [eventId]);
  const report = gates.data;
  const needsOverride = report ? !report.promotable : false;
  const id = (x: string) => `${x}-${version.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!promoter) return setError('Choose who promotes.');
    if (needsOverride && !facilitator?.memberId) return setError('Choose the event’s facilitator (Governance page) before overriding a gate.');
    setBusy(true);
    setError(null);
    try {
      const override = needsOverride && facilitator?.memberId ? { reason: reason.trim(), facilitator: { memberId: facilitator.memberId, passphrase: facilitatorPass } } : undefined;
      const out = await ops.save(() => call('registry-promote', { versionId: version.id, acting: { memberId: promoter, passphrase }, override }), { quiet: true });
      setReason('');
      setPromoter('');
      toast({ kind: 'success', message: `${model.name} ${version.version} is in production${out.overridden ? ' (gates overridden, logged)' : ''}.` });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
      setFacilitatorPass('');
      setBusy(false);
    }
  };
  return (
    <form className={`promote-box${needsOverride ? ' not-promotable' : ''}`} aria-label={`Promote ${model.name} ${version.version} to production`} onSubmit={(e) => void submit(e)}>
      <h4>Promotion gates{report ? ` on ${report.date}` : ''}</h4>
      {gates.error && <p className="field-error" role="alert">{gates.error}</p>}
      {report && <GatesTable report={report} caption={`Promotion gates of ${version.version}`} />}
      {report && <p><strong>{report.promotable ? 'Every gate passes: ready to promote.' : 'Not every gate passes: promoting needs an override by the facilitator.'}</strong></p>}
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('who')}>Promoted by</label>
          <select id={id('who')} value={promoter} onChange={(e) => setPromoter(e.target.value)}>
            <option value="">Choose who promotes…</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor={id('pass')}>Their passphrase</label><input id={id('pass')} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} /></div>
      </div>
      {needsOverride && (
        <fieldset>
          <legend>Override by the facilitator{facilitator ? ` (${facilitator.name})` : ''}</legend>
          <div className="field-row">
            <div className="field"><label htmlFor={id('reason')}>Reason for overriding</label><input id={id('reason')} value={reason} onChange={(e) => setReason(e.target.value)} /></div>
            <div className="field"><label htmlFor={id('fpass')}>Facilitator’s passphrase</label><input id={id('fpass')} type="password" autoComplete="off" value={facilitatorPass} onChange={(e) => setFacilitatorPass(e.target.value)} /></div>
          </div>
        </fieldset>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary" disabled={busy || !report || !promoter || passphrase.length < 8 || (needsOverride && (!reason.trim() || facilitatorPass.length < 8))}>
        {needsOverride ? 'Override and promote' : 'Promote to production'}
      </button>
    </form>
  );
}

const EMPTY_CARD: ModelCardFields = { intendedUse: '', assumptions: '', dataDependencies: '', features: [], limitations: '' };
const TEXTS = [
  ['intendedUse', 'Intended use'],
  ['assumptions', 'Assumptions'],
  ['dataDependencies', 'Data dependencies'],
  ['limitations', 'Limitations'],
] as const;

/** The model card: each save is a new revision (kept in the store and the change log). */
function CardEditor({ version }: Readonly<{ version: ModelVersion }>) {
  const ops = useChange(['registry']);
  const toast = useAppStore((s) => s.toast);
  const key = version.card?.at ?? 'none';
  const initial = (): ModelCardFields & { key: string } => ({ ...EMPTY_CARD, ...(version.card ?? {}), key });
  const [draft, setDraft] = useState(initial);
  const d = draft.key === key ? draft : initial();
  const [feature, setFeature] = useState('');
  const set = (patch: Partial<ModelCardFields>) => setDraft({ ...d, ...patch });
  const setFeat = (i: number, patch: Partial<ModelFeature>) => set({ features: d.features.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const id = (x: string) => `${x}-${version.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const card: ModelCardFields = { intendedUse: d.intendedUse, assumptions: d.assumptions, dataDependencies: d.dataDependencies, features: d.features, limitations: d.limitations };
    const v = await ops.save(() => call('registry-card-update', { versionId: version.id, card })).catch(alreadyShown);
    if (v) toast({ kind: 'success', message: `Model card of ${version.version} saved.` });
  };
  return (
    <form aria-label={`Model card of ${version.version}`} onSubmit={(e) => void submit(e)}>
      <h4>Model card{version.card ? <span className="muted"> — saved {when(version.card.at)} by {version.card.by}</span> : null}</h4>
      <div className="field-row">
        {TEXTS.map(([k, label]) => (
          <div className="field" key={k}><label htmlFor={id(k)}>{label}</label><textarea id={id(k)} rows={2} value={d[k]} onChange={(e) => set({ [k]: e.target.value })} /></div>
        ))}
      </div>
      <fieldset>
        <legend>Features</legend>
        <div className="feature-rows">
          {d.features.map((f, i) => (
            <div className="feature-row" key={`${f.name}-${i}`}>
              <span className="mono">{f.name}</span>
              <label className="checkbox"><input type="checkbox" checked={f.personal} onChange={(e) => setFeat(i, { personal: e.target.checked })} /> personal</label>
              <label className="checkbox"><input type="checkbox" checked={f.sensitive} onChange={(e) => setFeat(i, { sensitive: e.target.checked })} /> sensitive</label>
              <button type="button" className="btn btn-small" onClick={() => set({ features: d.features.filter((_, j) => j !== i) })}>Remove {f.name}</button>
            </div>
          ))}
          <div className="feature-row">
            <label htmlFor={id('feat')}>New feature</label>
            <input id={id('feat')} value={feature} onChange={(e) => setFeature(e.target.value)} />
            <button type="button" className="btn btn-small" disabled={!feature.trim()} onClick={() => { set({ features: [...d.features, { name: feature.trim(), personal: false, sensitive: false }] }); setFeature(''); }}>Add feature</button>
          </div>
        </div>
      </fieldset>
      <button type="submit" className="btn">Save model card</button>
    </form>
  );
}

/** Links a stored fairness result and model comparison (Analyse pages, saved) and typed-in metrics. */
function EvidenceEditor({ eventId, version }: Readonly<{ eventId: string; version: ModelVersion }>) {
  const results = useCall('analysis-result-list', { eventId }, REGISTRY_AREAS);
  const ops = useChange(['registry']);
  const ev = version.evidence;
  const [fairness, setFairness] = useState<string>(ev?.fairnessResultId ?? '');
  const [comparison, setComparison] = useState<string>(ev?.comparisonResultId ?? '');
  const [metricName, setMetricName] = useState('');
  const [metricValue, setMetricValue] = useState('');
  const all = results.data ?? [];
  const id = (x: string) => `${x}-${version.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fr = all.find((r) => r.id === fairness);
    const metrics = [...(ev?.metrics ?? []), ...(metricName.trim() && metricValue.trim() !== '' ? [{ name: metricName.trim(), value: Number(metricValue) }] : [])];
    const saved = await ops
      .save(() => call('registry-evidence-update', { versionId: version.id, evidence: { metrics, fairnessResultId: fairness || null, comparisonResultId: comparison || null, evaluationDatasetVersionId: fr?.datasetVersionIds[0] ?? null } }))
      .catch(alreadyShown);
    if (saved) {
      setMetricName('');
      setMetricValue('');
    }
  };
  return (
    <form aria-label={`Evidence of ${version.version}`} onSubmit={(e) => void submit(e)}>
      <h4>Evidence</h4>
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('fair')}>Fairness result (evaluation data)</label>
          <select id={id('fair')} value={fairness} onChange={(e) => setFairness(e.target.value)}>
            <option value="">None linked</option>
            {all.filter((r) => r.kind === 'fairness').map((r) => <option key={r.id} value={r.id}>{r.title} ({when(r.createdAt)})</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('cmp')}>Model comparison</label>
          <select id={id('cmp')} value={comparison} onChange={(e) => setComparison(e.target.value)}>
            <option value="">None linked</option>
            {all.filter((r) => r.kind === 'models').map((r) => <option key={r.id} value={r.id}>{r.title} ({when(r.createdAt)})</option>)}
          </select>
        </div>
      </div>
      {ev && ev.metrics.length > 0 && <p>Metrics: {ev.metrics.map((m) => `${m.name} ${m.value}`).join(', ')}</p>}
      <div className="field-row">
        <div className="field"><label htmlFor={id('mname')}>Metric name</label><input id={id('mname')} value={metricName} onChange={(e) => setMetricName(e.target.value)} /></div>
        <div className="field"><label htmlFor={id('mval')}>Metric value</label><input id={id('mval')} inputMode="decimal" value={metricValue} onChange={(e) => setMetricValue(e.target.value)} /></div>
      </div>
      <button type="submit" className="btn">Save evidence</button>
    </form>
  );
}

function StageMoves({ version }: Readonly<{ version: ModelVersion }>) {
  const ops = useChange(['registry']);
  if (version.stage === 'production') return <p className="muted">In production. To return to an earlier version, record a rollback from its plan below.</p>;
  const to = version.stage === 'candidate' ? 'staging' : version.stage === 'staging' ? 'archived' : 'staging';
  return (
    <p>
      <button type="button" className="btn btn-small" onClick={() => void ops.save(() => call('registry-stage-update', { versionId: version.id, stage: to, reason: '' })).catch(alreadyShown)}>
        Move {version.version} to {to}
      </button>
    </p>
  );
}
