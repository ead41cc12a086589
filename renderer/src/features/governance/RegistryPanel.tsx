import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Policy, PolicyFields, RegistryModel } from '../../../../common/contract/schemas/registry';
import { QUALITY_GATE_METRICS } from '../../../../common/domain/governance/gates';
import type { QualityGateMetric } from '../../../../common/domain/governance/gates';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';
import { hashArtifact } from './artifactUpload';
import { ModelVersionDetail } from './ModelVersionDetail';
import { RollbackPlans } from './RollbackPlans';
import { REGISTRY_AREAS, StageBadge, when } from './registryUi';
import './registry.css';

/**
 * The offline model registry: the event's promotion policy, models with their versions (stage badges), a version's
 * model card, evidence and gates with the promote dialog, the production history, and rollback plans.
 */
export function RegistryPanel({ event }: SectionProps) {
  const models = useCall('registry-list', { eventId: event.id }, REGISTRY_AREAS);
  const team = useCall('team-list', { eventId: event.id }, REGISTRY_AREAS);
  const policy = useCall('registry-policy-get', { eventId: event.id }, REGISTRY_AREAS);
  const members = team.data?.members ?? [];
  return (
    <div className="registry-panel">
      {models.error && <p className="error-banner" role="alert">{models.error}</p>}
      <div className="registry-forms">
        <PolicyForm eventId={event.id} current={policy.data?.current ?? null} revisions={policy.data?.history.length ?? 0} />
        <ModelForm eventId={event.id} />
      </div>
      <section aria-labelledby="registry-models">
        <h2 id="registry-models">Models</h2>
        {models.data && models.data.length === 0 ? (
          <EmptyState title="No models registered">Register the model your process runs, then add its versions with their artifact, model card and evidence.</EmptyState>
        ) : (
          <div className="registry-panel">{models.data?.map((m) => <ModelCard key={m.id} eventId={event.id} model={m} members={members} />)}</div>
        )}
      </section>
      {models.data && models.data.length > 0 && <RollbackPlans eventId={event.id} models={models.data} members={members} />}
    </div>
  );
}

const num = (v: string): number | null => (v.trim() === '' ? null : Number(v));

function PolicyForm({ eventId, current, revisions }: Readonly<{ eventId: string; current: Policy | null; revisions: number }>) {
  const ops = useChange(['registry']);
  const toast = useAppStore((s) => s.toast);
  const key = current?.id ?? 'none';
  const [draft, setDraft] = useState<{ key: string; dpd: string; eod: string; days: string; margin: string; metric: QualityGateMetric }>({ key: '', dpd: '', eod: '', days: '', margin: '', metric: 'precision' });
  const d = draft.key === key ? draft : { key, dpd: String(current?.dpdMax ?? ''), eod: String(current?.eodMax ?? ''), days: String(current?.rehearsalMaxDays ?? ''), margin: String(current?.qualityMargin ?? ''), metric: current?.qualityMetric ?? 'precision' };
  const set = (patch: Partial<typeof d>) => setDraft({ ...d, ...patch });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const policy: PolicyFields = { dpdMax: num(d.dpd), eodMax: num(d.eod), rehearsalMaxDays: num(d.days), qualityMargin: num(d.margin), qualityMetric: d.metric };
    const saved = await ops.save(() => call('registry-policy-update', { eventId, policy })).catch(alreadyShown);
    if (saved) toast({ kind: 'success', message: 'Promotion policy saved (in the change log).' });
  };
  return (
    <form className="card" aria-label="Promotion policy" onSubmit={(e) => void submit(e)}>
      <h2>Promotion policy</h2>
      <p className="hint">Set the thresholds before anyone looks at a result: a fairness threshold changed after its result makes the fairness gate inconclusive.</p>
      <div className="field-row">
        <div className="field"><label htmlFor="pol-dpd">Max demographic parity difference</label><input id="pol-dpd" inputMode="decimal" value={d.dpd} onChange={(e) => set({ dpd: e.target.value })} /></div>
        <div className="field"><label htmlFor="pol-eod">Max equalized odds difference</label><input id="pol-eod" inputMode="decimal" value={d.eod} onChange={(e) => set({ eod: e.target.value })} /></div>
      </div>
      <div className="field-row">
        <div className="field"><label htmlFor="pol-days">Rollback rehearsed within (days)</label><input id="pol-days" inputMode="numeric" value={d.days} onChange={(e) => set({ days: e.target.value })} /></div>
        <div className="field"><label htmlFor="pol-margin">Quality margin vs production</label><input id="pol-margin" inputMode="decimal" value={d.margin} onChange={(e) => set({ margin: e.target.value })} /></div>
        <div className="field">
          <label htmlFor="pol-metric">Quality metric</label>
          <select id="pol-metric" value={d.metric} onChange={(e) => set({ metric: e.target.value as QualityGateMetric })}>
            {QUALITY_GATE_METRICS.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </div>
      </div>
      {current && <p className="muted">Set by {current.setBy} on {when(current.setAt)}; fairness thresholds since {when(current.fairnessSetAt)} ({revisions} revision{revisions === 1 ? '' : 's'}).</p>}
      <button type="submit" className="btn btn-primary">Save policy</button>
    </form>
  );
}

function ModelForm({ eventId }: Readonly<{ eventId: string }>) {
  const ops = useChange(['registry']);
  const [name, setName] = useState('');
  const [component, setComponent] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = await ops.save(() => call('registry-model-create', { eventId, name: name.trim(), component: component.trim() })).catch(alreadyShown);
    if (m) {
      setName('');
      setComponent('');
    }
  };
  return (
    <form className="card" aria-label="Register a model" onSubmit={(e) => void submit(e)}>
      <h2>Register a model</h2>
      <div className="field"><label htmlFor="model-name">Model name</label><input id="model-name" value={name} onChange={(e) => setName(e.target.value)} /></div>
      <div className="field"><label htmlFor="model-component">Component (VSM stage or service)</label><input id="model-component" value={component} onChange={(e) => setComponent(e.target.value)} /></div>
      <button type="submit" className="btn btn-primary" disabled={!name.trim()}>Register model</button>
    </form>
  );
}

function ModelCard({ eventId, model, members }: Readonly<{ eventId: string; model: RegistryModel; members: readonly TeamMember[] }>) {
  const [open, setOpen] = useState<string | null>(null);
  const production = model.versions.find((v) => v.id === model.productionVersionId);
  return (
    <article className="registry-model" aria-label={`Model ${model.name}`}>
      <header>
        <h3>{model.name}</h3>
        {model.component && <span className="muted">{model.component}</span>}
        <span>In production: <strong>{production?.version ?? 'none'}</strong></span>
      </header>
      <table className="versions-table">
        <caption className="visually-hidden">Versions of {model.name}</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Stage</th><th scope="col">Owner</th><th scope="col">Artifact SHA-256</th><th scope="col">Registered</th><th scope="col"><span className="visually-hidden">Open</span></th></tr></thead>
        <tbody>
          {model.versions.map((v) => (
            <tr key={v.id} data-testid="registry-version">
              <th scope="row">{v.version}</th>
              <td><StageBadge stage={v.stage} /></td>
              <td>{v.owner?.name ?? '—'}</td>
              <td className="mono" title={v.artifact?.sha256}>{v.artifact ? `${v.artifact.sha256.slice(0, 16)}… (${v.artifact.name})` : 'no artifact'}</td>
              <td>{when(v.createdAt)} by {v.createdBy}</td>
              <td><button type="button" className="btn btn-small" aria-expanded={open === v.id} onClick={() => setOpen(open === v.id ? null : v.id)}>{open === v.id ? 'Close' : 'Open'} {v.version}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {model.versions.filter((v) => v.id === open).map((v) => <ModelVersionDetail key={v.id} eventId={eventId} model={model} version={v} members={members} />)}
      <VersionForm model={model} members={members} />
      <h4>What was in production when</h4>
      {model.production.length === 0 ? (
        <p className="muted">Nothing promoted yet.</p>
      ) : (
        <ol className="timeline" aria-label={`Production history of ${model.name}`}>
          {model.production.map((p) => {
            const entry = model.history.find((h) => h.versionId === p.versionId && h.to === 'production' && h.at === p.from);
            return (
              <li key={`${p.versionId}-${p.from}`} className={p.to ? 'period-closed' : ''}>
                <strong>{p.version}</strong> from {when(p.from)} {p.to ? `to ${when(p.to)}` : '(now)'} — {entry?.kind === 'rollback' ? 'rolled back' : 'promoted'} by {p.promotedBy}
                {p.overridden && entry?.override && <span> · override by {entry.override.by}: “{entry.override.reason}”</span>}
                {entry?.freeze && <span className="freeze-badge"> inside freeze “{entry.freeze.name}”</span>}
                {entry && entry.gates.length > 0 && <span className="muted"> · gates: {entry.gates.map((g) => `${g.name} ${g.status}`).join(', ')}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </article>
  );
}

function VersionForm({ model, members }: Readonly<{ model: RegistryModel; members: readonly TeamMember[] }>) {
  const ops = useChange(['registry']);
  const toast = useAppStore((s) => s.toast);
  const [version, setVersion] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = await ops
      .save(async () => {
        const uploadId = file ? await hashArtifact(file, (sent, total) => setProgress(`Hashing ${Math.round((100 * sent) / Math.max(total, 1))} %`)) : null;
        return call('registry-version-create', { modelId: model.id, version: version.trim(), ownerId: ownerId || null, artifact: uploadId ? { kind: 'upload', uploadId } : null });
      })
      .catch(alreadyShown);
    setProgress(null);
    if (!v) return;
    setVersion('');
    setFile(null);
    toast({ kind: 'success', message: `${model.name} ${v.version} registered as a candidate${v.artifact ? ` (SHA-256 ${v.artifact.sha256.slice(0, 12)}…)` : ''}.` });
  };
  const id = (x: string) => `${x}-${model.id}`;
  return (
    <form className="sign-form" aria-label={`Add a version of ${model.name}`} onSubmit={(e) => void submit(e)}>
      <div className="field-row">
        <div className="field"><label htmlFor={id('ver')}>New version</label><input id={id('ver')} value={version} onChange={(e) => setVersion(e.target.value)} /></div>
        <div className="field">
          <label htmlFor={id('owner')}>Owner</label>
          <select id={id('owner')} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">No owner</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor={id('file')}>Artifact file (hashed, not copied)</label><input id={id('file')} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></div>
      </div>
      {progress && <p className="muted" aria-live="polite">{progress}</p>}
      <button type="submit" className="btn" disabled={!version.trim()}>Add version</button>
    </form>
  );
}
