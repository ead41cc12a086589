import { useState } from 'react';
import { CHECKLIST_STATUSES } from '../../../../common/contract/schemas/team';
import type { ChecklistFields, ChecklistItem } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, priorValues, useChange } from '../../api/useChange';
import { AutosaveText, SavedDate, SavedSelect } from '../../components/fields';
import type { SectionProps } from '../sectionProps';
import './checklist.css';

const STATUS_LABELS: Readonly<Record<ChecklistItem['status'], string>> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'not-needed': 'Not needed',
};

const KIND_HELP: Readonly<Record<ChecklistItem['kind'], string>> = {
  'logs-access': 'Historical model-performance logs: access agreed with legal and compliance, retention set.',
  'staging-permissions': 'Temporary elevated staging permissions: who granted them and when they expire.',
  vendors: 'External vendors: included or not, and the SLA dependencies that involve them.',
  'kpis-agreed': 'KPIs agreed with the sponsor before day one.',
  custom: 'Your own item.',
};

const DEFAULT_ITEMS: ReadonlyArray<Pick<ChecklistFields, 'kind' | 'title'>> = [
  { kind: 'logs-access', title: 'Access to historical model-performance logs agreed with legal and compliance' },
  { kind: 'staging-permissions', title: 'Temporary elevated staging permissions granted' },
  { kind: 'vendors', title: 'Decide whether external vendors attend; note SLA dependencies' },
  { kind: 'kpis-agreed', title: 'KPIs agreed with the sponsor' },
];

function ItemCard({ item, members, onSave, onRemove }: {
  item: ChecklistItem;
  members: ReadonlyArray<{ id: string; name: string }>;
  onSave: (patch: Partial<ChecklistFields>) => Promise<unknown>;
  onRemove: () => void;
}) {
  const d = item.details;
  return (
    <li className={`checklist-item status-${item.status}`} data-testid="checklist-item">
      {/* One dense row: item, status, owner, due (column names in the table head; labels kept for screen readers). */}
      <div className="checklist-main">
        <AutosaveText label="Item" multiline rows={1} value={item.title} onCommit={(v) => onSave({ title: v })} validate={(v) => (v.trim() ? null : 'An item needs a title.')} />
        <SavedSelect label="Status" value={item.status} options={CHECKLIST_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} onSave={(status) => onSave({ status })} />
        <SavedSelect label="Owner" value={item.ownerId ?? ''} options={[{ value: '', label: '— nobody yet —' }, ...members.map((m) => ({ value: m.id, label: m.name }))]} onSave={(v) => onSave({ ownerId: v || null })} />
        <SavedDate label="Due" value={item.dueDate} onSave={(dueDate) => onSave({ dueDate })} />
        <button type="button" className="btn btn-small btn-danger-outline" onClick={onRemove} aria-label={`Remove ${item.title}`}>Remove</button>
      </div>
      <div className="checklist-more">
        {item.kind === 'logs-access' && (
          <AutosaveText label="Retention agreed" value={d.retention ?? ''} onCommit={(v) => onSave({ details: { ...d, retention: v } })} />
        )}
        {item.kind === 'staging-permissions' && (
          <>
            <AutosaveText label="Granted by" value={d.grantedBy ?? ''} onCommit={(v) => onSave({ details: { ...d, grantedBy: v } })} />
            <SavedDate label="Expires" value={d.expires ?? null} onSave={(expires) => onSave({ details: { ...d, expires } })} />
          </>
        )}
        {item.kind === 'vendors' && (
          <>
            <SavedSelect
              label="Vendors included"
              value={d.vendorsIncluded === true ? 'yes' : d.vendorsIncluded === false ? 'no' : ''}
              options={[{ value: '', label: 'Not decided' }, { value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]}
              onSave={(v) => onSave({ details: { ...d, vendorsIncluded: v === '' ? null : v === 'yes' } })}
            />
            <AutosaveText label="SLA dependencies" value={d.slaDependencies ?? ''} onCommit={(v) => onSave({ details: { ...d, slaDependencies: v } })} />
          </>
        )}
        <AutosaveText label="Note" value={item.note} onCommit={(v) => onSave({ note: v })} />
        <small className="hint checklist-help">{KIND_HELP[item.kind]}</small>
      </div>
    </li>
  );
}

export function ChecklistPage({ event }: SectionProps) {
  const { data: items, error } = useCall('checklist-list', { eventId: event.id }, ['checklist']);
  const { data: team } = useCall('team-list', { eventId: event.id }, ['team']);
  const [title, setTitle] = useState('');
  const ops = useChange(['checklist']);

  const save = (item: ChecklistItem, patch: Partial<ChecklistFields>) => {
    const before = priorValues<ChecklistFields>(item, patch);
    return ops.change({
      label: `edit “${item.title}”`,
      run: () => call('checklist-update', { id: item.id, patch }),
      undo: () => call('checklist-update', { id: item.id, patch: before }),
    });
  };
  const add = (f: Pick<ChecklistFields, 'kind' | 'title'>) =>
    ops.change({
      label: `add “${f.title}”`,
      run: () => call('checklist-add', { eventId: event.id, item: f }),
      undo: (item) => call('checklist-remove', { id: item.id }),
      redo: (item) => call('checklist-add', { eventId: event.id, id: item.id, item: f }),
    });
  const remove = (item: ChecklistItem) => {
    const { id, eventId: _e, position: _p, ...fields } = item;
    ops.act({
      label: `remove “${item.title}”`,
      run: () => call('checklist-remove', { id }),
      undo: () => call('checklist-add', { eventId: event.id, id, item: fields }),
      offerUndo: { message: `Removed “${item.title}”.` },
    });
  };

  const list = items ?? [];
  const done = list.filter((i) => i.status === 'done' || i.status === 'not-needed').length;
  const missingKinds = DEFAULT_ITEMS.filter((d) => !list.some((i) => i.kind === d.kind));

  return (
    <div className="checklist">
      <p className="lead">Pre-event readiness: {list.length === 0 ? 'no items yet.' : `${done} of ${list.length} items done.`}</p>
      {list.length > 0 && <progress className="readiness-progress" max={list.length} value={done} aria-label="Readiness" />}
      {error && <p className="error-banner" role="alert">{error}</p>}
      {missingKinds.length > 0 && (
        <div className="card suggestions">
          <p>Standard items for AI-process events not yet on the list:</p>
          {missingKinds.map((d) => (
            <button key={d.kind} type="button" className="btn btn-small" onClick={() => void add(d).catch(alreadyShown)}>+ {d.title}</button>
          ))}
        </div>
      )}
      {list.length > 0 && (
        <div className="checklist-main checklist-table-head" aria-hidden="true">
          <span>Item</span><span>Status</span><span>Owner</span><span>Due</span><span />
        </div>
      )}
      <ul className="checklist-list" aria-label="Readiness items">
        {list.map((item) => (
          <ItemCard key={item.id} item={item} members={team?.members ?? []} onSave={(p) => save(item, p)} onRemove={() => remove(item)} />
        ))}
      </ul>
      <form className="card add-member" onSubmit={(e) => { e.preventDefault(); if (title.trim()) void add({ kind: 'custom', title: title.trim() }).then(() => setTitle('')).catch(alreadyShown); }}>
        <div className="field">
          <label htmlFor="new-item-title">Custom item</label>
          <input id="new-item-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Type an item and press Enter" />
        </div>
        <button type="submit" className="btn btn-primary">Add item</button>
      </form>
    </div>
  );
}
