import { useState } from 'react';
import { CHANGE_TYPE_LABELS, CHANGE_TYPES } from '../../../../common/contract/schemas/governance';
import type { ChangeType, ControlledChange, ControlledChangeFields } from '../../../../common/contract/schemas/governance';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import { useAppStore } from '../../store';
import { FreezeOverridePrompt, freezeNeeded } from './FreezeOverridePrompt';
import type { FreezeHit, FreezeOverrideInput } from '../../../../common/contract/schemas/freeze';

type Draft = {
  component: string; // "<kind>:<id>" or "other"
  otherLabel: string;
  changeType: ChangeType;
  before: string;
  after: string;
  reason: string;
  link: string; // "<kind>:<id>" or ""
  requesterId: string;
  approverId: string;
  ticketRef: string;
  plannedDate: string;
  actualDate: string;
};

function fromChange(c: ControlledChange | null): Draft {
  if (!c) return { component: '', otherLabel: '', changeType: 'model', before: '', after: '', reason: '', link: '', requesterId: '', approverId: '', ticketRef: '', plannedDate: '', actualDate: '' };
  return {
    component: c.component.kind === 'other' ? 'other' : `${c.component.kind}:${c.component.id}`,
    otherLabel: c.component.kind === 'other' ? c.component.label : '',
    changeType: c.changeType,
    before: c.before,
    after: c.after,
    reason: '',
    link: c.link ? `${c.link.kind}:${c.link.id}` : '',
    requesterId: c.requesterId,
    approverId: '',
    ticketRef: c.ticketRef,
    plannedDate: c.plannedDate ?? '',
    actualDate: c.actualDate ?? '',
  };
}

const KIND_LABELS = { 'vsm-stage': 'VSM stage', model: 'Model', dataset: 'Dataset' } as const;

/** Record a controlled change (or a correction of one): the approver confirms with their passphrase on this laptop. */
export function ChangeForm({ eventId, correcting, onDone }: Readonly<{ eventId: string; correcting: ControlledChange | null; onDone: () => void }>) {
  const components = useCall('governance-components', { eventId }, ['governance', 'vsm', 'datasets', 'registry']);
  const people = useCall('governance-people-list', { eventId }, ['governance', 'team']);
  const actions = useCall('action-list', { eventId }, ['actions']);
  const decisions = useCall('decision-list', { eventId }, ['decisions']);
  const kpis = useCall('kpi-list', { eventId }, ['kpis']);
  const ops = useChange(['governance']);
  const toast = useAppStore((s) => s.toast);
  const [d, setD] = useState<Draft>(() => fromChange(correcting));
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [freeze, setFreeze] = useState<FreezeHit | null>(null);
  const set = (p: Partial<Draft>) => setD({ ...d, ...p });

  const build = (): ControlledChangeFields | string => {
    let component: ControlledChangeFields['component'];
    if (d.component === 'other') {
      if (!d.otherLabel.trim()) return 'Name the component.';
      component = { kind: 'other', id: '', label: d.otherLabel.trim() };
    } else {
      const c = components.data?.find((x) => `${x.kind}:${x.id}` === d.component);
      if (!c) return 'Choose the component that changes.';
      component = c;
    }
    if (!d.reason.trim()) return correcting ? 'Say what the correction fixes.' : 'Say why the change is made.';
    if (!d.requesterId) return 'Choose who requested the change.';
    if (!d.approverId) return 'Choose who approves the change.';
    if (passphrase.length < 8) return 'The approver types their passphrase (at least 8 characters).';
    const [kind, ...rest] = d.link.split(':');
    const link = d.link ? { kind: kind as 'action' | 'decision' | 'kpi', id: rest.join(':') } : null;
    return {
      component, changeType: d.changeType, before: d.before, after: d.after, reason: d.reason.trim(), link,
      requesterId: d.requesterId, ticketRef: d.ticketRef.trim(), plannedDate: d.plannedDate || null, actualDate: d.actualDate || null,
    };
  };

  const submit = async (freezeOverride?: FreezeOverrideInput) => {
    const fields = build();
    if (typeof fields === 'string') return setProblem(fields);
    setProblem(null);
    const secret = passphrase;
    setPassphrase(''); // never kept after a try, right or wrong
    // Not undoable: the log is append-only; a mistake is fixed by a correction.
    const saved = await ops
      .save(() => call('governance-change-create', { eventId, fields, approver: { memberId: d.approverId, passphrase: secret }, correctsId: correcting?.id ?? null, freezeOverride }), { quiet: true })
      .catch((e: unknown) => {
        setFreeze(freezeNeeded(e) ?? (freezeOverride ? freeze : null));
        setProblem(e instanceof Error ? e.message : String(e));
        return undefined;
      });
    if (!saved) return;
    toast({ kind: 'success', message: correcting ? 'Correction recorded in the change log.' : 'Change recorded in the change log.' });
    onDone();
  };

  const approver = people.data?.people.find((p) => p.id === d.approverId);
  return (
    <form className="card gov-form" aria-label={correcting ? 'Record a correction' : 'Record a change'} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>{correcting ? 'Record a correction' : 'Record a controlled change'}</h3>
      {correcting && <p className="warning">Correcting “{correcting.component.label}: {correcting.before} → {correcting.after}”. The original stays in the log.</p>}
      <div className="field-row">
        <div className="field">
          <label htmlFor="cc-component">Component</label>
          <select id="cc-component" value={d.component} onChange={(e) => set({ component: e.target.value })}>
            <option value="">Choose…</option>
            {(['vsm-stage', 'model', 'dataset'] as const).map((k) => {
              const list = (components.data ?? []).filter((c) => c.kind === k);
              return list.length === 0 ? null : (
                <optgroup key={k} label={KIND_LABELS[k]}>
                  {list.map((c) => <option key={`${c.kind}:${c.id}`} value={`${c.kind}:${c.id}`}>{c.label}</option>)}
                </optgroup>
              );
            })}
            <option value="other">Other…</option>
          </select>
        </div>
        {d.component === 'other' && (
          <div className="field"><label htmlFor="cc-other">Component name</label><input id="cc-other" value={d.otherLabel} maxLength={300} onChange={(e) => set({ otherLabel: e.target.value })} /></div>
        )}
        <div className="field">
          <label htmlFor="cc-type">Change type</label>
          <select id="cc-type" value={d.changeType} onChange={(e) => set({ changeType: e.target.value as ChangeType })}>
            {CHANGE_TYPES.map((t) => <option key={t} value={t}>{CHANGE_TYPE_LABELS[t]}</option>)}
          </select>
        </div>
      </div>
      <div className="field-row">
        <div className="field"><label htmlFor="cc-before">Before</label><textarea id="cc-before" rows={2} value={d.before} onChange={(e) => set({ before: e.target.value })} /></div>
        <div className="field"><label htmlFor="cc-after">After</label><textarea id="cc-after" rows={2} value={d.after} onChange={(e) => set({ after: e.target.value })} /></div>
      </div>
      <div className="field"><label htmlFor="cc-reason">{correcting ? 'What the correction fixes' : 'Reason'}</label><textarea id="cc-reason" rows={2} value={d.reason} onChange={(e) => set({ reason: e.target.value })} /></div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="cc-link">Linked action, decision or KPI</label>
          <select id="cc-link" value={d.link} onChange={(e) => set({ link: e.target.value })}>
            <option value="">None</option>
            {(actions.data?.length ?? 0) > 0 && <optgroup label="Actions">{actions.data!.map((a) => <option key={a.id} value={`action:${a.id}`}>{a.title}</option>)}</optgroup>}
            {(decisions.data?.length ?? 0) > 0 && <optgroup label="Decisions">{decisions.data!.map((x) => <option key={x.id} value={`decision:${x.id}`}>{x.decision}</option>)}</optgroup>}
            {(kpis.data?.length ?? 0) > 0 && <optgroup label="KPIs">{kpis.data!.map((k) => <option key={k.id} value={`kpi:${k.id}`}>{k.name}</option>)}</optgroup>}
          </select>
        </div>
        <div className="field"><label htmlFor="cc-ticket">Ticket reference</label><input id="cc-ticket" value={d.ticketRef} maxLength={500} onChange={(e) => set({ ticketRef: e.target.value })} /></div>
      </div>
      <div className="field-row">
        <div className="field"><label htmlFor="cc-planned">Planned date</label><input id="cc-planned" type="date" value={d.plannedDate} onChange={(e) => set({ plannedDate: e.target.value })} /></div>
        <div className="field"><label htmlFor="cc-actual">Actual date</label><input id="cc-actual" type="date" value={d.actualDate} onChange={(e) => set({ actualDate: e.target.value })} /></div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="cc-requester">Requested by</label>
          <select id="cc-requester" value={d.requesterId} onChange={(e) => set({ requesterId: e.target.value })}>
            <option value="">Choose…</option>
            {people.data?.people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cc-approver">Approved by</label>
          <select id="cc-approver" value={d.approverId} onChange={(e) => set({ approverId: e.target.value })}>
            <option value="">Choose…</option>
            {people.data?.people.map((p) => <option key={p.id} value={p.id} disabled={!p.hasPassphrase}>{p.name}{p.hasPassphrase ? '' : ' (no passphrase yet)'}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cc-pass">{approver ? `Passphrase of ${approver.name}` : 'Approver’s passphrase'}</label>
          <input id="cc-pass" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      {freeze && <FreezeOverridePrompt eventId={eventId} window={freeze} what="record this change (retype the approver’s passphrase too)" onOverride={(o) => submit(o)} onCancel={() => setFreeze(null)} />}
      <p className="hint">Entries cannot be edited or deleted; each is chained into the tamper-evident change log with the approver’s name.</p>
      <div className="gov-buttons">
        <button type="submit" className="btn btn-primary">{correcting ? 'Record correction' : 'Record change'}</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
