import { useState } from 'react';
import { EscalationRow, INCIDENT_LABELS, INCIDENT_TYPES, ReactionRow, SIGNAL_KINDS, SIGNAL_KIND_LABELS, TEST_SHORT_NAMES } from '../../../../common/contract/schemas/sustain';
import type { IncidentType, ReactionSignal } from '../../../../common/contract/schemas/sustain';

// The small inline forms under a control-plan cell that add a reaction row or an escalation row. Each opens
// from a "+" button, checks its input with the contract's own schema, and closes once saved.

const firstIssue = (e: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) => {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'value'}: ${i.message}` : 'Check the values.';
};

export function ReactionAdder({ kpi, unit, onAdd }: Readonly<{ kpi: string; unit: string; onAdd: (r: ReactionRow) => Promise<unknown> }>) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ReactionSignal['kind']>('special-cause');
  const [test, setTest] = useState('1');
  const [op, setOp] = useState<'above' | 'below'>('above');
  const [value, setValue] = useState('');
  const [action, setAction] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="btn btn-small" aria-label={`Add a reaction for ${kpi}`} onClick={() => setOpen(true)}>
        + Reaction
      </button>
    );
  }
  const signal = kind === 'special-cause' ? { kind, test: Number(test) } : kind === 'threshold' ? { kind, op, value: value.trim() === '' ? NaN : Number(value) } : { kind, psiAbove: value.trim() === '' ? NaN : Number(value) };
  const submit = () => {
    const parsed = ReactionRow.safeParse({ signal, action });
    if (!parsed.success) return setProblem(firstIssue(parsed.error));
    setProblem(null);
    onAdd(parsed.data).then(
      () => {
        setOpen(false);
        setAction('');
        setValue('');
      },
      () => undefined,
    );
  };
  return (
    <div className="control-adder" role="group" aria-label={`New reaction for ${kpi}`}>
      <select aria-label="Signal" value={kind} onChange={(e) => setKind(e.target.value as ReactionSignal['kind'])}>
        {SIGNAL_KINDS.map((k) => (
          <option key={k} value={k}>
            {SIGNAL_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {kind === 'special-cause' && (
        <select aria-label="Test number" value={test} onChange={(e) => setTest(e.target.value)}>
          {([1, 2, 3, 4, 5, 6, 7, 8] as const).map((n) => (
            <option key={n} value={n}>
              Test {n}: {TEST_SHORT_NAMES[n]}
            </option>
          ))}
        </select>
      )}
      {kind === 'threshold' && (
        <select aria-label="Direction" value={op} onChange={(e) => setOp(e.target.value as 'above' | 'below')}>
          <option value="above">above</option>
          <option value="below">below</option>
        </select>
      )}
      {kind !== 'special-cause' && <input aria-label={kind === 'drift' ? 'PSI above' : `Threshold${unit ? ` (${unit})` : ''}`} inputMode="decimal" value={value} placeholder={kind === 'drift' ? '0.2' : unit} onChange={(e) => setValue(e.target.value)} />}
      <input aria-label="What to do" value={action} maxLength={1000} placeholder="What to do" onChange={(e) => setAction(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && submit()} />
      <button type="button" className="btn btn-small btn-primary" onClick={submit}>
        Add
      </button>
      <button type="button" className="btn btn-small" onClick={() => { setOpen(false); setProblem(null); }}>
        Cancel
      </button>
      {problem && <small className="field-error" role="alert">{problem}</small>}
    </div>
  );
}

export function EscalationAdder({ kpi, onAdd }: Readonly<{ kpi: string; onAdd: (e: EscalationRow) => Promise<unknown> }>) {
  const [open, setOpen] = useState(false);
  const [incident, setIncident] = useState<IncidentType>('data');
  const [who, setWho] = useState('');
  const [hours, setHours] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="btn btn-small" aria-label={`Add an escalation for ${kpi}`} onClick={() => setOpen(true)}>
        + Escalation
      </button>
    );
  }
  const submit = () => {
    const parsed = EscalationRow.safeParse({ incident, who, responseHours: hours.trim() === '' ? NaN : Number(hours) });
    if (!parsed.success) return setProblem(firstIssue(parsed.error));
    setProblem(null);
    onAdd(parsed.data).then(
      () => {
        setOpen(false);
        setWho('');
        setHours('');
      },
      () => undefined,
    );
  };
  return (
    <div className="control-adder" role="group" aria-label={`New escalation for ${kpi}`}>
      <select aria-label="Incident type" value={incident} onChange={(e) => setIncident(e.target.value as IncidentType)}>
        {INCIDENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {INCIDENT_LABELS[t]}
          </option>
        ))}
      </select>
      <input aria-label="Who is called" value={who} maxLength={200} placeholder="Who" onChange={(e) => setWho(e.target.value)} />
      <input aria-label="Response time (hours)" inputMode="decimal" value={hours} placeholder="hours" onChange={(e) => setHours(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && submit()} />
      <button type="button" className="btn btn-small btn-primary" onClick={submit}>
        Add
      </button>
      <button type="button" className="btn btn-small" onClick={() => { setOpen(false); setProblem(null); }}>
        Cancel
      </button>
      {problem && <small className="field-error" role="alert">{problem}</small>}
    </div>
  );
}
