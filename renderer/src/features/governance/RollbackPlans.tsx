import { useState } from 'react';
import type { FormEvent } from 'react';
import { TRIGGER_OPERATORS } from '../../../../common/contract/schemas/registry';
import type { RegistryModel, RollbackPlan } from '../../../../common/contract/schemas/registry';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { useAppStore } from '../../store';
import { REGISTRY_AREAS, when } from './registryUi';

type Operator = (typeof TRIGGER_OPERATORS)[number];
type Props = Readonly<{ eventId: string; models: readonly RegistryModel[]; members: readonly TeamMember[] }>;

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Rollback plans per model: steps, owner, trigger, target version, rehearsals; "Record rollback" with a passphrase. */
export function RollbackPlans({ eventId, models, members }: Props) {
  const plans = useCall('registry-plan-list', { eventId }, REGISTRY_AREAS);
  return (
    <section aria-labelledby="rollback-plans">
      <h2 id="rollback-plans">Rollback plans</h2>
      {plans.error && <p className="error-banner" role="alert">{plans.error}</p>}
      {plans.data && plans.data.length === 0 && <p className="muted">No rollback plan yet: the promotion gate needs one that returns to the version in production, rehearsed recently.</p>}
      <ul className="signoff-list">
        {plans.data?.map((p) => <PlanCard key={p.id} plan={p} members={members} />)}
      </ul>
      <PlanForm eventId={eventId} models={models} members={members} />
    </section>
  );
}

function PlanCard({ plan, members }: Readonly<{ plan: RollbackPlan; members: readonly TeamMember[] }>) {
  return (
    <li className="signoff-card" data-testid="rollback-plan">
      <h3>{plan.title}</h3>
      <p>
        {plan.modelName}{plan.component ? ` · ${plan.component}` : ''} → returns to <strong>{plan.targetVersion}</strong> · owner {plan.ownerName ?? 'none'} · trigger: {plan.triggerKpi} {plan.triggerOperator} {plan.triggerValue} {plan.triggerUnit}
      </p>
      <ol>{plan.steps.map((s, i) => <li key={i}>{s}</li>)}</ol>
      <p>
        {plan.lastRehearsal
          ? <>Last rehearsed <strong>{plan.lastRehearsal.date}</strong> ({plan.lastRehearsal.durationMinutes} min){plan.lastRehearsal.notes ? `: ${plan.lastRehearsal.notes}` : ''}</>
          : <strong>Never rehearsed.</strong>}
        <span className="muted"> · saved {when(plan.savedAt)} by {plan.savedBy}</span>
      </p>
      <div className="registry-forms">
        <RehearsalForm plan={plan} />
        <RollbackForm plan={plan} members={members} />
      </div>
    </li>
  );
}

function RehearsalForm({ plan }: Readonly<{ plan: RollbackPlan }>) {
  const ops = useChange(['registry']);
  const [date, setDate] = useState(today);
  const [minutes, setMinutes] = useState('');
  const id = (x: string) => `${x}-${plan.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = await ops.save(() => call('registry-rehearsal-create', { planId: plan.id, date, durationMinutes: Number(minutes), notes: '' })).catch(alreadyShown);
    if (p) setMinutes('');
  };
  return (
    <form className="sign-form" aria-label={`Record a rehearsal of ${plan.title}`} onSubmit={(e) => void submit(e)}>
      <div className="field-row">
        <div className="field"><label htmlFor={id('rdate')}>Rehearsed on</label><input id={id('rdate')} type="date" value={date} onChange={(e) => setDate(e.target.value)} /></div>
        <div className="field"><label htmlFor={id('rmin')}>Duration (min)</label><input id={id('rmin')} inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} /></div>
      </div>
      <button type="submit" className="btn" disabled={!date || minutes.trim() === '' || !Number.isFinite(Number(minutes))}>Record rehearsal</button>
    </form>
  );
}

/** Moves production back to the plan's target: who does it (passphrase) and why; logged. */
function RollbackForm({ plan, members }: Readonly<{ plan: RollbackPlan; members: readonly TeamMember[] }>) {
  const ops = useChange(['registry']);
  const toast = useAppStore((s) => s.toast);
  const [who, setWho] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = (x: string) => `${x}-${plan.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await ops.save(() => call('registry-rollback', { planId: plan.id, acting: { memberId: who, passphrase }, reason: reason.trim() }), { quiet: true });
      setReason('');
      setWho('');
      toast({ kind: 'success', message: `Rolled back: ${plan.targetVersion} is in production again (logged).` });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
    }
  };
  return (
    <form className="sign-form" aria-label={`Record rollback to ${plan.targetVersion}`} onSubmit={(e) => void submit(e)}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('who')}>Rolled back by</label>
          <select id={id('who')} value={who} onChange={(e) => setWho(e.target.value)}>
            <option value="">Choose…</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor={id('pass')}>Passphrase</label><input id={id('pass')} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} /></div>
      </div>
      <div className="field"><label htmlFor={id('why')}>Why (trigger seen)</label><input id={id('why')} value={reason} onChange={(e) => setReason(e.target.value)} /></div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-danger-outline" disabled={!who || passphrase.length < 8 || !reason.trim()}>Record rollback to {plan.targetVersion}</button>
    </form>
  );
}

function PlanForm({ eventId, models, members }: Props) {
  const ops = useChange(['registry']);
  const [modelId, setModelId] = useState(models[0]?.id ?? '');
  const model = models.find((m) => m.id === modelId) ?? models[0];
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState('');
  const [steps, setSteps] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [kpi, setKpi] = useState('');
  const [op, setOp] = useState<Operator>('>');
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!model) return;
    const p = await ops
      .save(() => call('registry-plan-create', {
        eventId, modelId: model.id, title: title.trim(), targetVersionId: target, steps: steps.split('\n').map((s) => s.trim()).filter(Boolean),
        ownerId: ownerId || null, triggerKpi: kpi.trim(), triggerOperator: op, triggerValue: Number(value), triggerUnit: unit.trim(),
      }))
      .catch(alreadyShown);
    if (p) {
      setTitle('');
      setSteps('');
    }
  };
  const ready = model && title.trim() && target && steps.trim() && kpi.trim() && value.trim() !== '' && Number.isFinite(Number(value));
  return (
    <form className="card" aria-label="Add a rollback plan" onSubmit={(e) => void submit(e)}>
      <h3>Add a rollback plan</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor="plan-model">Model</label>
          <select id="plan-model" value={model?.id ?? ''} onChange={(e) => { setModelId(e.target.value); setTarget(''); }}>
            {models.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="plan-target">Return to version</label>
          <select id="plan-target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">Choose…</option>
            {model?.versions.map((v) => <option key={v.id} value={v.id}>{v.version} ({v.stage})</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="plan-title">Title</label><input id="plan-title" value={title} onChange={(e) => setTitle(e.target.value)} /></div>
      </div>
      <div className="field"><label htmlFor="plan-steps">Steps (one per line)</label><textarea id="plan-steps" rows={3} value={steps} onChange={(e) => setSteps(e.target.value)} /></div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="plan-owner">Owner</label>
          <select id="plan-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">No owner</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="plan-kpi">Trigger KPI</label><input id="plan-kpi" value={kpi} onChange={(e) => setKpi(e.target.value)} /></div>
        <div className="field">
          <label htmlFor="plan-op">Trigger when</label>
          <select id="plan-op" value={op} onChange={(e) => setOp(e.target.value as Operator)}>{TRIGGER_OPERATORS.map((o) => <option key={o} value={o}>{o}</option>)}</select>
        </div>
        <div className="field"><label htmlFor="plan-value">Threshold</label><input id="plan-value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} /></div>
        <div className="field"><label htmlFor="plan-unit">Unit</label><input id="plan-unit" value={unit} onChange={(e) => setUnit(e.target.value)} /></div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={!ready}>Add plan</button>
    </form>
  );
}
