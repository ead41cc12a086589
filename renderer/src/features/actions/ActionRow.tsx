import { useState } from 'react';
import { ACTION_STATUSES, ACTION_STATUS_LABELS, EFFORTS, LINK_KINDS, LINK_KIND_LABELS } from '../../../../common/contract/schemas/actions';
import type { ActionFields, ActionLink, KaizenAction, LinkKind } from '../../../../common/contract/schemas/actions';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { AutosaveText, SavedDate, SavedSelect } from '../../components/fields';
import { daysLate, effectText } from './actionQuery';
import { priorValues } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { FreezeOverridePrompt, freezeNeeded } from '../governance/FreezeOverridePrompt';
import type { FreezeHit } from '../../../../common/contract/schemas/freeze';
import type { ActionEvidence } from '../../../../common/contract/schemas/actions';
import { EvidenceLine, VerifyOverridePrompt, evidenceNeeded } from './ActionEvidence';

export type LinkTarget = Readonly<{ kind: LinkKind; id: string; label: string }>;

type Props = Readonly<{
  a: KaizenAction;
  members: readonly TeamMember[];
  targets: readonly LinkTarget[];
  today: string;
  ops: ChangeOps;
}>;

const EFFORT_LABELS = { low: 'Low', medium: 'Medium', high: 'High' } as const;

/** The linked item's name; an item not (yet) loaded or since removed shows a short form of its id. */
export function linkLabel(l: ActionLink, targets: readonly LinkTarget[]): string {
  return targets.find((t) => t.kind === l.kind && t.id === l.id)?.label ?? `#${l.id.slice(0, 8)}`;
}

/** One action: a summary line (owner, due date, status, overdue) that opens into an autosaving editor. */
export function ActionRow({ a, members, targets, today, ops }: Props) {
  const [open, setOpen] = useState(false);
  const [linkKind, setLinkKind] = useState<LinkKind>('idea');
  const [linkId, setLinkId] = useState('');
  const [frozen, setFrozen] = useState<{ window: FreezeHit; status: ActionFields['status'] } | null>(null);
  const [refused, setRefused] = useState<ActionEvidence | null>(null);
  const owner = members.find((m) => m.id === a.ownerId);
  const save = (patch: Partial<ActionFields>) => {
    const before = priorValues<ActionFields>(a, patch);
    return ops.change({
      label: `edit action ${a.title}`,
      run: () => call('action-update', { id: a.id, patch }),
      undo: () => call('action-update', { id: a.id, patch: before }),
    });
  };
  const saveStatus = (status: ActionFields['status']) =>
    save({ status }).catch((e: unknown) => {
      const w = freezeNeeded(e);
      if (w) setFrozen({ window: w, status });
      const ev = evidenceNeeded(e);
      if (ev) setRefused(ev);
      throw e;
    });
  const remove = () => {
    const { id, eventId, createdAt: _c, updatedAt: _u, overdue: _o, freeze: _f, verification: _v, ...fields } = a;
    ops.act({ label: `remove action ${a.title}`, run: () => call('action-remove', { id }), undo: () => call('action-create', { eventId, id, ...fields }) });
  };
  const addLink = () => {
    const id = linkId.trim();
    if (!id || a.links.some((l) => l.kind === linkKind && l.id === id)) return;
    void save({ links: [...a.links, { kind: linkKind, id }] }).then(() => setLinkId(''), () => undefined);
  };
  const kindTargets = targets.filter((t) => t.kind === linkKind);
  const late = a.overdue && a.dueDate ? daysLate(a.dueDate, today) : 0;
  return (
    <li className={`action-row status-${a.status}${a.overdue ? ' overdue' : ''}`} data-testid="action-row">
      <div className="action-summary">
        <button type="button" className="btn-icon action-toggle" aria-expanded={open} aria-label={`${open ? 'Close' : 'Edit'} ${a.title}`} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        <span className="action-title">{a.title}</span>
        <span className="action-owner" data-testid="action-owner">{owner ? owner.name : <em className="muted">No owner</em>}</span>
        <span className="action-due" data-testid="action-due">{a.dueDate ?? <em className="muted">No due date</em>}</span>
        <span className={`status-pill pill-${a.status}`}>{ACTION_STATUS_LABELS[a.status]}</span>
        {a.overdue && <span className="overdue-badge" data-testid="overdue">Overdue {late} day{late === 1 ? '' : 's'}</span>}
        {a.freeze && <span className="freeze-badge" data-testid="freeze-badge" title={a.freeze.reason}>Freeze: {a.freeze.name}</span>}
      </div>
      {frozen && (
        <FreezeOverridePrompt
          eventId={a.eventId}
          window={frozen.window}
          what={`${frozen.status === 'done' ? 'finish' : 'start'} "${a.title}"`}
          onCancel={() => setFrozen(null)}
          onOverride={async (freezeOverride) => {
            const before = priorValues<ActionFields>(a, { status: frozen.status });
            await ops.change({
              label: `edit action ${a.title}`,
              quiet: true,
              run: () => call('action-update', { id: a.id, patch: { status: frozen.status }, freezeOverride }),
              undo: () => call('action-update', { id: a.id, patch: before }),
            });
            setFrozen(null);
          }}
        />
      )}
      {refused && (
        <VerifyOverridePrompt
          title={a.title}
          evidence={refused}
          onCancel={() => setRefused(null)}
          onOverride={async (reason) => {
            const before = priorValues<ActionFields>(a, { status: 'verified' });
            await ops.change({
              label: `verify action ${a.title}`,
              quiet: true,
              run: () => call('action-update', { id: a.id, patch: { status: 'verified' }, verifyOverride: { reason } }),
              undo: () => call('action-update', { id: a.id, patch: before }),
            });
            setRefused(null);
          }}
        />
      )}
      {(a.links.length > 0 || a.expectedEffect) && !open && (
        <div className="action-meta">
          {a.expectedEffect && <span className="effect">Expected: {effectText(a.expectedEffect)}</span>}
          <EvidenceLine a={a} />
          {a.links.map((l) => <span key={`${l.kind}:${l.id}`} className="link-chip">{LINK_KIND_LABELS[l.kind]}: {linkLabel(l, targets)}</span>)}
        </div>
      )}
      {open && (
        <div className="action-editor">
          <div className="field-row">
            <AutosaveText label="Title" value={a.title} onCommit={(v) => save({ title: v })} validate={(v) => (v.trim() ? null : 'An action needs a title.')} />
            <SavedSelect label="Owner" value={a.ownerId ?? ''} options={[{ value: '', label: 'No owner' }, ...members.map((m) => ({ value: m.id, label: m.name }))]} onSave={(v) => save({ ownerId: v || null })} />
            <SavedDate label="Due date" value={a.dueDate} onSave={(v) => save({ dueDate: v })} />
            {(a.status === 'done' || a.status === 'verified') && <SavedDate label="Done date" value={a.doneDate ?? null} onSave={(v) => save({ doneDate: v })} />}
            <SavedSelect label="Status" value={a.status} options={ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }))} onSave={(v) => saveStatus(v)} />
            <SavedSelect label="Effort" value={a.effort ?? ''} options={[{ value: '', label: 'Not estimated' }, ...EFFORTS.map((e) => ({ value: e, label: EFFORT_LABELS[e] }))]} onSave={(v) => save({ effort: v || null })} />
          </div>
          <AutosaveText label="Description" multiline rows={3} value={a.description} onCommit={(v) => save({ description: v })} />
          <fieldset className="effect-fields">
            <legend>Expected effect</legend>
            <div className="field-row">
              <AutosaveText label="KPI" value={a.expectedEffect?.kpi ?? ''} placeholder="e.g. p95 latency" onCommit={(v) => save({ expectedEffect: v.trim() ? { kpi: v.trim(), change: a.expectedEffect?.change ?? 0, unit: a.expectedEffect?.unit ?? '' } : null })} />
              <AutosaveText
                label="Expected change (number, − for a decrease)"
                value={a.expectedEffect ? String(a.expectedEffect.change) : ''}
                validate={(v) => (v.trim() === '' || Number.isFinite(Number(v.replace('−', '-'))) ? null : 'Type a number such as -150 or 12.5.')}
                onCommit={async (v) => {
                  if (!a.expectedEffect) throw new Error('Name the KPI first.');
                  await save({ expectedEffect: { ...a.expectedEffect, change: Number(v.replace('−', '-')) || 0 } });
                }}
              />
              <AutosaveText label="Unit" value={a.expectedEffect?.unit ?? ''} placeholder="ms, %, runs/day" onCommit={async (v) => {
                if (!a.expectedEffect) throw new Error('Name the KPI first.');
                await save({ expectedEffect: { ...a.expectedEffect, unit: v.trim() } });
              }} />
            </div>
          </fieldset>
          <fieldset className="link-fields">
            <legend>Links</legend>
            <ul className="link-list">
              {a.links.map((l) => (
                <li key={`${l.kind}:${l.id}`} className="link-chip">
                  {LINK_KIND_LABELS[l.kind]}: {linkLabel(l, targets)}
                  <button type="button" className="btn-icon" aria-label={`Remove link ${linkLabel(l, targets)}`} onClick={() => void save({ links: a.links.filter((x) => x !== l) }).catch(() => undefined)}>×</button>
                </li>
              ))}
            </ul>
            <div className="link-add">
              <label className="visually-hidden" htmlFor={`lk-${a.id}`}>Link kind</label>
              <select id={`lk-${a.id}`} value={linkKind} onChange={(e) => { setLinkKind(e.target.value as LinkKind); setLinkId(''); }}>
                {LINK_KINDS.map((k) => <option key={k} value={k}>{LINK_KIND_LABELS[k]}</option>)}
              </select>
              <label className="visually-hidden" htmlFor={`li-${a.id}`}>Link target</label>
              {kindTargets.length > 0 ? (
                <select id={`li-${a.id}`} value={linkId} onChange={(e) => setLinkId(e.target.value)}>
                  <option value="">Choose…</option>
                  {kindTargets.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
                </select>
              ) : (
                <input id={`li-${a.id}`} value={linkId} placeholder={`${LINK_KIND_LABELS[linkKind]} id`} onChange={(e) => setLinkId(e.target.value)} />
              )}
              <button type="button" className="btn btn-small" onClick={addLink} disabled={!linkId.trim()}>Add link</button>
            </div>
          </fieldset>
          <button type="button" className="btn btn-small btn-danger-outline" onClick={remove}>Remove action</button>
        </div>
      )}
    </li>
  );
}
