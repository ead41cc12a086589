import { CHECKLIST_TEMPLATE, CHECK_STATUSES, CHECK_STATUS_LABELS } from '../../../../common/contract/schemas/ops';
import type { CheckFields, CheckItem } from '../../../../common/contract/schemas/ops';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { newId, useChange } from '../../api/useChange';
import { AutosaveText, SavedSelect } from '../../components/fields';

const AREAS = ['ops'] as const;

/** The integration checklist: status, owner, evidence links; for formats, the schema diff of two request samples. */
export function IntegrationChecklist({ eventId }: { eventId: string }) {
  const { data } = useCall('ops-checklist-list', { eventId }, AREAS);
  const ops = useChange(AREAS);
  const save = (c: CheckItem, patch: Partial<CheckFields>) => {
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, c[k as keyof CheckFields]])) as Partial<CheckFields>;
    return ops.change({ label: 'edit checklist item', run: () => call('ops-checklist-update', { id: c.id, patch }), undo: () => call('ops-checklist-update', { id: c.id, patch: before }) });
  };
  const addTemplate = () => {
    const ids = CHECKLIST_TEMPLATE.map(() => newId());
    ops.act({
      label: 'add the integration checklist',
      run: async () => { for (let i = 0; i < ids.length; i++) await call('ops-checklist-add', { eventId, id: ids[i]!, item: { title: CHECKLIST_TEMPLATE[i]! } }); },
      undo: async () => { for (const id of ids) await call('ops-checklist-remove', { id }); },
    });
  };
  return (
    <section className="card" aria-label="Integration checklist">
      <h2>Integration checklist</h2>
      {data && data.length === 0 && <button type="button" className="btn" onClick={addTemplate}>Add the seven integration items</button>}
      <ul className="ops-checks">
        {data?.map((c) => (
          <li key={c.id} className={`ops-check ops-check-${c.status}`} data-testid="check-item">
            <div className="ops-inline">
              <strong>{c.title}</strong>
              <SavedSelect label="Status" value={c.status} options={CHECK_STATUSES.map((s) => ({ value: s, label: CHECK_STATUS_LABELS[s] }))} onSave={(v) => save(c, { status: v })} />
              <AutosaveText label="Owner" value={c.owner} onCommit={(v) => save(c, { owner: v })} />
            </div>
            {c.evidence.length > 0 && (
              <p className="muted">Evidence: {c.evidence.map((e, i) => <span key={i}>{i > 0 && ', '}{e.label} <code>{e.url}</code></span>)}</p>
            )}
            {c.diffError && <p className="field-error">{c.diffError}</p>}
            {c.diff && (
              <table className="ops-table ops-diff">
                <caption>Request schema: first sample → second sample</caption>
                <thead><tr><th>Field</th><th>Change</th><th>Before</th><th>After</th></tr></thead>
                <tbody>{c.diff.map((d) => <tr key={d.path} className={`diff-${d.change}`}><td><code>{d.path}</code></td><td>{d.change}</td><td>{d.before ?? '—'}</td><td>{d.after ?? '—'}</td></tr>)}</tbody>
              </table>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
