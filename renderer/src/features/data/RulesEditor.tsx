import { useState } from 'react';
import type { Rule } from '../../../../common/contract/schemas/datasets';

const KINDS: { kind: Rule['kind']; label: string; needs: 'none' | 'number' | 'list' | 'pattern' }[] = [
  { kind: 'required', label: 'Required', needs: 'none' },
  { kind: 'min', label: 'Minimum', needs: 'number' },
  { kind: 'max', label: 'Maximum', needs: 'number' },
  { kind: 'allowed', label: 'Allowed values', needs: 'list' },
  { kind: 'regex', label: 'Pattern (regex)', needs: 'pattern' },
  { kind: 'unique', label: 'Unique', needs: 'none' },
];

export function describeRule(r: Rule): string {
  switch (r.kind) {
    case 'min':
      return `${r.column} ≥ ${r.value}`;
    case 'max':
      return `${r.column} ≤ ${r.value}`;
    case 'allowed':
      return `${r.column} in {${r.values.join(', ')}}`;
    case 'regex':
      return `${r.column} matches ${r.pattern}`;
    default:
      return `${r.column}: ${r.kind}`;
  }
}

/** Validation rules saved with the dataset: rows that break one go to quarantine, never dropped silently. */
export function RulesEditor({ columns, rules, onChange }: { columns: string[]; rules: Rule[]; onChange: (r: Rule[]) => void }) {
  const [column, setColumn] = useState(columns[0] ?? '');
  const [kind, setKind] = useState<Rule['kind']>('required');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const needs = KINDS.find((k) => k.kind === kind)!.needs;
  const add = () => {
    let rule: Rule;
    if (needs === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) return setError('Enter a number.');
      rule = { column, kind: kind as 'min' | 'max', value: n };
    } else if (needs === 'list') {
      const values = value.split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length === 0) return setError('List the allowed values, separated by commas.');
      rule = { column, kind: 'allowed', values };
    } else if (needs === 'pattern') {
      try {
        new RegExp(value);
      } catch {
        return setError('That is not a valid regular expression.');
      }
      if (!value) return setError('Enter a pattern.');
      rule = { column, kind: 'regex', pattern: value };
    } else rule = { column, kind: kind as 'required' | 'unique' };
    setError(null);
    setValue('');
    onChange([...rules, rule]);
  };
  return (
    <section className="wizard-rules" aria-labelledby="rules-h">
      <h3 id="rules-h">Validation rules</h3>
      {rules.length === 0 ? (
        <p className="hint">No rules: every parsable row is imported. Add rules to quarantine rows that break them.</p>
      ) : (
        <ul className="rule-list">
          {rules.map((r, i) => (
            <li key={i}>
              {describeRule(r)}{' '}
              <button type="button" className="btn btn-small" onClick={() => onChange(rules.filter((_, j) => j !== i))} aria-label={`Remove rule ${describeRule(r)}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="rule-add">
        <select aria-label="Rule column" value={column} onChange={(e) => setColumn(e.target.value)}>
          {columns.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <select aria-label="Rule kind" value={kind} onChange={(e) => setKind(e.target.value as Rule['kind'])}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        {needs !== 'none' && <input aria-label="Rule value" value={value} placeholder={needs === 'list' ? 'EU, US, APAC' : needs === 'number' ? '0' : '[A-Z]{2}-\\d+'} onChange={(e) => setValue(e.target.value)} />}
        <button type="button" className="btn btn-small" onClick={add}>
          Add rule
        </button>
      </div>
      {error && <p className="field-error">{error}</p>}
    </section>
  );
}
