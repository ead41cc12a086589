import { useState } from 'react';
import {
  CONTROL_FREQUENCIES,
  FREQUENCY_LABELS,
  INCIDENT_LABELS,
  SOURCE_LABELS,
  describeResponse,
  describeSignal,
} from '../../../../common/contract/schemas/sustain';
import type { ControlPlanFields, ControlPlanItem, EscalationRow, ReactionRow, Runbook } from '../../../../common/contract/schemas/sustain';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { newId, priorValues, useChange } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useLocalValue } from '../../components/fields';
import { routeHref } from '../../router';
import type { SectionProps } from '../sectionProps';
import { ReactionAdder, EscalationAdder } from './ControlPlanAdders';
import './sustain.css';

const AREAS = ['control-plan'] as const;

type RowProps = Readonly<{ item: ControlPlanItem; members: readonly TeamMember[]; runbooks: readonly Runbook[]; ops: ChangeOps }>;

/** A select inside a table cell: saves on change, named for screen readers by `label`. */
function CellSelect({ label, value, options, onSave }: Readonly<{ label: string; value: string; options: ReadonlyArray<{ value: string; label: string; disabled?: boolean }>; onSave: (v: string) => Promise<unknown> }>) {
  const [local, setLocal] = useLocalValue(value);
  return (
    <select
      aria-label={label}
      value={local}
      onChange={(e) => {
        const v = e.target.value;
        setLocal(v);
        onSave(v).catch(() => setLocal(value));
      }}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A text input inside a table cell: saves on blur or Enter when changed. */
function CellText({ label, value, placeholder, onSave }: Readonly<{ label: string; value: string; placeholder?: string; onSave: (v: string) => Promise<unknown> }>) {
  const [draft, setDraft] = useLocalValue(value);
  const commit = () => {
    if (draft.trim() !== value) onSave(draft.trim()).catch(() => setDraft(value));
  };
  return (
    <input
      type="text"
      aria-label={label}
      value={draft}
      maxLength={500}
      placeholder={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

function ControlRow({ item, members, runbooks, ops }: RowProps) {
  const kpi = item.kpiName;
  const save = (patch: Partial<ControlPlanFields>, what: string) => {
    const before = priorValues<ControlPlanFields>(item, patch);
    return ops.change({ label: `${what} (${kpi})`, run: () => call('control-update', { id: item.id, patch }), undo: () => call('control-update', { id: item.id, patch: before }) });
  };
  const ownerGone = item.ownerId !== null && item.ownerName === null;
  const remove = () => {
    const { id, eventId, kpiId, position, ownerId, frequency, sourceKind, sourceNote, reactions, escalations, runbookId } = item;
    const fields: ControlPlanFields = { ownerId, frequency, sourceKind, sourceNote, reactions, escalations, runbookId };
    ops.act({
      label: `remove ${kpi} from the control plan`,
      run: () => call('control-remove', { id }),
      undo: () => call('control-create', { eventId, kpiId, id, fields, position }),
      offerUndo: { message: `${kpi} removed from the control plan.`, undone: `${kpi} is back in the control plan.` },
    });
  };
  return (
    <tr data-testid="control-row">
      <th scope="row" className="control-kpi">
        {kpi}
        {item.kpiUnit && <span className="muted"> ({item.kpiUnit})</span>}
      </th>
      <td>
        <CellSelect
          label={`Owner of ${kpi}`}
          value={item.ownerId ?? ''}
          options={[
            { value: '', label: 'No owner' },
            ...(ownerGone ? [{ value: item.ownerId!, label: 'Removed member', disabled: true }] : []),
            ...members.map((m) => ({ value: m.id, label: m.name })),
          ]}
          onSave={(v) => save({ ownerId: v || null }, 'change owner')}
        />
        {!item.ownerId && <span className="control-warn">Needs an owner</span>}
      </td>
      <td className="control-measure">
        <CellSelect label={`How often ${kpi} is measured`} value={item.frequency} options={CONTROL_FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }))} onSave={(v) => save({ frequency: v as ControlPlanFields['frequency'] }, 'change frequency')} />
        <CellSelect
          label={`Data source of ${kpi}`}
          value={item.sourceKind}
          options={[
            { value: 'dataset', label: SOURCE_LABELS.dataset, disabled: item.kpiSource !== 'dataset' },
            { value: 'manual', label: SOURCE_LABELS.manual },
          ]}
          onSave={(v) => save({ sourceKind: v as ControlPlanFields['sourceKind'] }, 'change data source')}
        />
        <CellText label={`Data source note for ${kpi}`} value={item.sourceNote} placeholder="Source note" onSave={(v) => save({ sourceNote: v }, 'edit data source note')} />
      </td>
      <td className="control-list-cell">
        <ul className="control-items">
          {item.reactions.map((r, i) => (
            <li key={i}>
              <span className="control-signal" title={describeSignal(r.signal, item.kpiUnit)}>{describeSignal(r.signal, item.kpiUnit, true)}</span> → {r.action}{' '}
              <button type="button" className="btn-icon" aria-label={`Remove reaction ${i + 1} of ${kpi}`} onClick={() => void save({ reactions: item.reactions.filter((_, j) => j !== i) }, 'remove reaction').catch(() => undefined)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        {item.reactions.length === 0 && <span className="control-warn">No reaction plan</span>}
        <ReactionAdder kpi={kpi} unit={item.kpiUnit} onAdd={(r: ReactionRow) => save({ reactions: [...item.reactions, r] }, 'add reaction')} />
      </td>
      <td className="control-list-cell">
        <ul className="control-items">
          {item.escalations.map((e, i) => (
            <li key={i}>
              <strong>{INCIDENT_LABELS[e.incident]}:</strong> {e.who}, within {describeResponse(e.responseHours)}{' '}
              <button type="button" className="btn-icon" aria-label={`Remove escalation ${i + 1} of ${kpi}`} onClick={() => void save({ escalations: item.escalations.filter((_, j) => j !== i) }, 'remove escalation').catch(() => undefined)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <EscalationAdder kpi={kpi} onAdd={(e: EscalationRow) => save({ escalations: [...item.escalations, e] }, 'add escalation')} />
      </td>
      <td className="control-runbook">
        <CellSelect
          label={`Runbook for ${kpi}`}
          value={item.runbookId ?? ''}
          options={[{ value: '', label: 'None' }, ...runbooks.map((r) => ({ value: r.id, label: r.title }))]}
          onSave={(v) => save({ runbookId: v || null }, 'link runbook')}
        />
        <button type="button" className="btn btn-small btn-danger-outline" aria-label={`Remove ${kpi} from the control plan`} onClick={remove}>
          Remove
        </button>
      </td>
    </tr>
  );
}

/**
 * The control plan: one row per KPI — who owns it, how often it is measured, where the numbers come from, what
 * to do on which signal, whom to call for which kind of incident, and the runbook. Every cell saves at once
 * (logged in the change log) and can be undone.
 */
export function ControlPlanPage({ event }: SectionProps) {
  const eventId = event.id;
  const plan = useCall('control-list', { eventId }, ['control-plan', 'kpis', 'team', 'runbooks']);
  const kpis = useCall('kpi-list', { eventId }, ['kpis']);
  const team = useCall('team-list', { eventId }, ['team']);
  const runbooks = useCall('runbook-list', { eventId }, ['runbooks']);
  const ops = useChange(AREAS);
  const [pick, setPick] = useState('');
  const rows = plan.data ?? [];
  const missing = (kpis.data ?? []).filter((k) => !rows.some((r) => r.kpiId === k.id));
  const chosen = missing.find((k) => k.id === pick) ?? missing[0];
  const add = () => {
    if (!chosen) return;
    const id = newId();
    ops.act({ label: `add ${chosen.name} to the control plan`, run: () => call('control-create', { eventId, kpiId: chosen.id, id }), undo: () => call('control-remove', { id }) });
  };
  const error = plan.error ?? kpis.error;
  return (
    <div className="control-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      {kpis.data && kpis.data.length === 0 ? (
        <EmptyState
          title="No KPIs to control yet"
          action={
            <a className="btn btn-primary" href={routeHref({ page: 'event', eventId, section: 'kpis' })}>
              Go to KPIs
            </a>
          }
        >
          The control plan says who watches each KPI after the event, how often, and what to do when it signals. Define the event's KPIs first.
        </EmptyState>
      ) : (
        <>
          {missing.length > 0 && (
            <form className="control-add card" aria-label="Add a KPI to the control plan" onSubmit={(e) => { e.preventDefault(); add(); }}>
              <label htmlFor="control-add-kpi">KPI without a control plan</label>
              <select id="control-add-kpi" value={chosen?.id ?? ''} onChange={(e) => setPick(e.target.value)}>
                {missing.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn btn-primary">Add to control plan</button>
              {missing.length > 1 && <span className="muted">{missing.length} KPIs have no row yet.</span>}
            </form>
          )}
          {plan.data && rows.length === 0 ? (
            <EmptyState title="No control plan yet">
              Add a row for each KPI: name an owner, say how often it is measured, and write what to do on which signal (a special-cause test, a threshold, drift above 0.2) and whom to call.
            </EmptyState>
          ) : (
            <div className="control-table-wrap">
              <table className="control-table">
                <caption className="visually-hidden">Control plan</caption>
                <thead>
                  <tr>
                    <th scope="col">KPI</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Measured, source</th>
                    <th scope="col">Reaction plan</th>
                    <th scope="col">Escalation</th>
                    <th scope="col">Runbook</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <ControlRow key={r.id} item={r} members={team.data?.members ?? []} runbooks={runbooks.data ?? []} ops={ops} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
