import { useEffect, useId, useRef, useState } from 'react';
import { TIME_UNITS } from '../../../../common/contract/schemas/vsm';
import type { Duration, FillSource, TimeUnit } from '../../../../common/contract/schemas/vsm';
import { duration } from './localUnits';
import { fmt } from '../../format';

type NumberProps = Readonly<{
  label: string;
  value: number | null;
  onCommit: (v: number | null) => Promise<unknown>;
  min?: number;
  max?: number;
  integer?: boolean;
  suffix?: string;
  hint?: string;
}>;

/** A number that saves on Enter or blur; empty means "not known". Bad input shows why and is not saved. */
export function NumberField({ label, value, onCommit, min = 0, max, integer, suffix, hint }: NumberProps) {
  const id = useId();
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  const [error, setError] = useState<string | null>(null);
  const last = useRef<number | null>(value);
  useEffect(() => {
    last.current = value;
    setDraft(value === null ? '' : String(value));
  }, [value]);
  const commit = () => {
    const t = draft.trim().replace(',', '.');
    const v = t === '' ? null : Number(t);
    if (v !== null && (!Number.isFinite(v) || v < min || (max !== undefined && v > max) || (integer && !Number.isInteger(v)))) {
      setError(`${label} must be ${integer ? 'a whole number' : 'a number'}${max !== undefined ? ` from ${min} to ${max}` : ` of ${min} or more`}.`);
      return;
    }
    setError(null);
    if (v === last.current) return;
    last.current = v;
    onCommit(v).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}{suffix ? ` (${suffix})` : ''}</label>
      <input id={id} inputMode="decimal" value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      {hint && !error && <small className="hint">{hint}</small>}
      {error && <small className="field-error" role="alert">{error}</small>}
    </div>
  );
}

/**
 * A duration: value plus unit (ms, s, min, h, d). Changing only the unit re-reads the same number in the new
 * unit. Saves run one after another (a unit change then Enter can never arrive out of order), and a value
 * coming back from the store does not overwrite what the user is typing.
 */
export function DurationField({ label, value, onCommit, testId }: Readonly<{ label: string; value: Duration | null; onCommit: (v: Duration | null) => Promise<unknown>; testId?: string }>) {
  const id = useId();
  const [draft, setDraft] = useState(value ? String(value.value) : '');
  const [unit, setUnit] = useState<TimeUnit>(value?.unit ?? 'h');
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const last = useRef<string>(JSON.stringify(value));
  const focused = useRef(false);
  useEffect(() => {
    last.current = JSON.stringify(value);
    if (focused.current) return;
    setDraft(value ? String(value.value) : '');
    if (value) setUnit(value.unit);
  }, [value]);
  const commit = (u: TimeUnit) => {
    const t = draft.trim().replace(',', '.');
    const v = t === '' ? null : Number(t);
    if (v !== null && (!Number.isFinite(v) || v < 0)) {
      setError(`${label} must be a number of 0 or more.`);
      return;
    }
    setError(null);
    const next = v === null ? null : { value: v, unit: u };
    if (JSON.stringify(next) === last.current) return;
    last.current = JSON.stringify(next);
    queue.current = queue.current.then(() => onCommit(next)).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className={error ? 'field field-invalid' : 'field'} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <span className="vsm-duration">
        <input
          id={id}
          inputMode="decimal"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onFocus={() => (focused.current = true)}
          onBlur={() => { focused.current = false; commit(unit); }}
          onKeyDown={(e) => e.key === 'Enter' && commit(unit)}
        />
        <select aria-label={`${label} unit`} value={unit} onChange={(e) => { const u = e.target.value as TimeUnit; setUnit(u); commit(u); }}>
          {TIME_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
        </select>
      </span>
      {error && <small className="field-error" role="alert">{error}</small>}
    </div>
  );
}

/** "From log" or "edited by hand" note under a filled field, with a way back to the log value. */
export function FillNote({ source, kind, onUseLog }: Readonly<{ source?: FillSource; kind: 'duration' | 'percent'; onUseLog: () => void }>) {
  if (!source) return null;
  const logValue = kind === 'duration' ? duration(source.value) : `${fmt().number(source.value, 1)} %`;
  const what = `${source.percentile === 50 ? 'median' : `p${source.percentile}`} of ${source.sampleSize} runs · ${source.datasetName} v${source.version}`;
  return source.overridden ? (
    <p className="vsm-fill-note vsm-override" data-testid="override-note">
      ✎ Edited by hand — the log says {logValue} ({what}).{' '}
      <button type="button" className="btn-link" onClick={onUseLog}>Use log value</button>
    </p>
  ) : (
    <p className="vsm-fill-note vsm-from-log" data-testid="fill-note">From log: {logValue}, {kind === 'duration' ? what : `${source.sampleSize} runs · ${source.datasetName} v${source.version}`}</p>
  );
}
