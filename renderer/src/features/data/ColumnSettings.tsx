import { COLUMN_ROLES, COLUMN_ROLE_LABELS, COLUMN_TYPES } from '../../../../common/contract/schemas/datasets';
import type { ColumnRole, ColumnSpec, Preview } from '../../../../common/contract/schemas/datasets';

export type Spec = ColumnSpec;

/**
 * Initial column choices: the dataset's previous version where the column existed (its schema is reused),
 * else the preview's inference. The user overrides any of them.
 */
export function specsFromPreview(p: Preview): Spec[] {
  const prev = new Map(p.previousColumns.map((c) => [c.source, c]));
  return p.columns.map((c) => prev.get(c.source) ?? { source: c.source, name: c.source, type: c.type, dateFormat: c.dateFormat, role: c.suggestedRole, unit: c.suggestedUnit, privacy: 'keep' });
}

const DATE_LABELS: Record<string, string> = {
  iso: 'ISO 8601',
  'epoch-s': 'Epoch seconds',
  'epoch-ms': 'Epoch milliseconds',
  dmy: 'Day/month/year',
  mdy: 'Month/day/year',
  ymd: 'Year/month/day',
};

/** One row per column: name, type, date format (asked when ambiguous), role, unit, privacy. */
export function ColumnSettings({ preview, specs, onChange, personal, onPersonal }: { preview: Preview; specs: Spec[]; onChange: (next: Spec[]) => void; personal?: readonly string[]; onPersonal?: (source: string, on: boolean) => void }) {
  const set = (i: number, patch: Partial<Spec>) => onChange(specs.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <table className="wizard-columns">
      <caption className="visually-hidden">Column settings</caption>
      <thead>
        <tr>
          <th scope="col">Column in file</th>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Date format</th>
          <th scope="col">Role</th>
          <th scope="col">Unit</th>
          <th scope="col">Privacy</th>
          {onPersonal && <th scope="col">Personal data</th>}
        </tr>
      </thead>
      <tbody>
        {specs.map((s, i) => {
          const inf = preview.columns[i]!;
          const ask = s.type === 'timestamp' && s.dateFormat === null && inf.needsDateOrder;
          const label = (what: string) => `${what} of ${s.source}`;
          return (
            <tr key={s.source} data-testid="wizard-column" className={ask ? 'wizard-ask' : undefined}>
              <th scope="row">
                {s.source}
                <div className="hint">e.g. {inf.examples.slice(0, 2).join(', ') || '(empty)'}</div>
                {inf.mixedNumericShare !== null && <div className="hint">mixed: {Math.round(inf.mixedNumericShare * 100)} % numbers</div>}
              </th>
              <td>
                <input aria-label={label('Name')} value={s.name} onChange={(e) => set(i, { name: e.target.value })} />
              </td>
              <td>
                <select aria-label={label('Type')} value={s.type} data-testid="column-type" onChange={(e) => set(i, { type: e.target.value as Spec['type'] })}>
                  {COLUMN_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {s.type === 'timestamp' ? (
                  <select aria-label={label('Date format')} value={s.dateFormat ?? ''} onChange={(e) => set(i, { dateFormat: (e.target.value || null) as Spec['dateFormat'] })}>
                    {ask && <option value="">Choose: day or month first?</option>}
                    {Object.entries(DATE_LABELS).map(([k, v]) => (
                      <option key={k} value={k}>
                        {v}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="muted">—</span>
                )}
                {ask && <div className="field-error">Dates like “{inf.examples[0]}” are ambiguous: choose the order.</div>}
              </td>
              <td>
                <select aria-label={label('Role')} value={s.role ?? ''} onChange={(e) => set(i, { role: (e.target.value || null) as ColumnRole | null })}>
                  <option value="">(none)</option>
                  {COLUMN_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {COLUMN_ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input aria-label={label('Unit')} value={s.unit ?? ''} placeholder="ms, rows, %" onChange={(e) => set(i, { unit: e.target.value.trim() || null })} />
              </td>
              <td>
                <select aria-label={label('Privacy')} value={s.privacy} onChange={(e) => set(i, { privacy: e.target.value as Spec['privacy'] })}>
                  <option value="keep">Keep</option>
                  <option value="pseudonymise">Pseudonymise (salted SHA-256)</option>
                  <option value="drop">Drop (personal)</option>
                </select>
              </td>
              {onPersonal && (
                <td>
                  <input type="checkbox" aria-label={label('Personal data')} data-testid="column-personal" checked={personal?.includes(s.source) ?? false} disabled={s.privacy === 'drop'} onChange={(e) => onPersonal(s.source, e.target.checked)} />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
