import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';

type FieldShell = Readonly<{ label: string; hint?: string; error?: string | null; children: (id: string) => ReactNode }>;

export function Field({ label, hint, error, children }: FieldShell) {
  const id = useId();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && !error && <small className="hint">{hint}</small>}
      {error && <small className="field-error" role="alert">{error}</small>}
    </div>
  );
}

/**
 * A text field that saves itself: the value is committed after a pause in typing and on blur,
 * so every keystroke reaches the database within a second. `onCommit(next, previous)` does the save.
 */
export function AutosaveText({
  label,
  value,
  onCommit,
  multiline,
  hint,
  placeholder,
  validate,
  rows = 4,
  name,
}: Readonly<{
  label: string;
  value: string;
  onCommit: (next: string, previous: string) => Promise<unknown>;
  multiline?: boolean;
  hint?: string;
  placeholder?: string;
  validate?: (v: string) => string | null;
  rows?: number;
  name?: string;
}>) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const committed = useRef(value);
  const timer = useRef<number | undefined>(undefined);
  const focused = useRef(false);

  useEffect(() => {
    if (!focused.current && value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  const commit = (next: string) => {
    window.clearTimeout(timer.current);
    const problem = validate?.(next) ?? null;
    setError(problem);
    if (problem || next === committed.current) return;
    const previous = committed.current;
    committed.current = next;
    onCommit(next, previous).catch((e: unknown) => {
      setError(e instanceof Error ? e.message : String(e));
    });
  };

  const onChange = (next: string) => {
    setDraft(next);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => commit(next), 500);
  };

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <Field label={label} hint={hint} error={error}>
      {(id) =>
        multiline ? (
          <textarea
            id={id}
            name={name}
            rows={rows}
            value={draft}
            placeholder={placeholder}
            onFocus={() => (focused.current = true)}
            onBlur={() => { focused.current = false; commit(draft); }}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            id={id}
            name={name}
            type="text"
            value={draft}
            placeholder={placeholder}
            onFocus={() => (focused.current = true)}
            onBlur={() => { focused.current = false; commit(draft); }}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

/**
 * Local copy of a saved value: the control updates at once while the save runs, and follows the saved value
 * when it changes (refetch, undo). Keeps selects and checkboxes from snapping back during a save.
 */
export function useLocalValue<T>(saved: T): [T, (v: T) => void] {
  const [local, setLocal] = useState(saved);
  useEffect(() => setLocal(saved), [saved]);
  return [local, setLocal];
}

export function SavedCheckbox({ label, checked, onSave }: Readonly<{ label: string; checked: boolean; onSave: (v: boolean) => Promise<unknown> }>) {
  const [local, setLocal] = useLocalValue(checked);
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={local}
        onChange={(e) => {
          const v = e.target.checked;
          setLocal(v);
          onSave(v).catch(() => setLocal(checked));
        }}
      />
      {label}
    </label>
  );
}

export function SavedSelect<T extends string>({
  label,
  value,
  options,
  onSave,
}: Readonly<{ label: string; value: T; options: ReadonlyArray<{ value: T; label: string }>; onSave: (v: T) => Promise<unknown> }>) {
  const [local, setLocal] = useLocalValue(value);
  return (
    <Field label={label}>
      {(id) => (
        <select
          id={id}
          value={local}
          onChange={(e) => {
            const v = e.target.value as T;
            setLocal(v);
            onSave(v).catch(() => setLocal(value));
          }}
        >
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )}
    </Field>
  );
}

export function SavedDate({ label, value, onSave }: Readonly<{ label: string; value: string | null; onSave: (v: string | null) => Promise<unknown> }>) {
  const [local, setLocal] = useLocalValue(value ?? '');
  return (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          type="date"
          value={local}
          onChange={(e) => {
            setLocal(e.target.value);
            onSave(e.target.value || null).catch(() => setLocal(value ?? ''));
          }}
        />
      )}
    </Field>
  );
}
