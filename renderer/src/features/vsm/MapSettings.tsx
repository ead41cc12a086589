import { useState } from 'react';
import { TIME_UNITS } from '../../../../common/contract/schemas/vsm';
import type { External, TimeUnit, VsmMap } from '../../../../common/contract/schemas/vsm';
import { AutosaveText } from '../../components/fields';
import { DurationField, NumberField } from './fields';
import { alreadyShown } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { updateMap } from './vsmChanges';

/** Map-level inputs: name, takt (demand and available time), display unit, suppliers and customers with SLAs. */
export function MapSettings({ map, ops }: Readonly<{ map: VsmMap; ops: ChangeOps }>) {
  const [newName, setNewName] = useState('');
  const [kind, setKind] = useState<External['kind']>('supplier');
  const save = (patch: Parameters<typeof updateMap>[1]) => ops.change(updateMap(map, patch));
  const setExt = (list: External[]) => save({ externals: list });
  return (
    <section className="card vsm-settings" aria-label="Map settings">
      <div className="vsm-row">
        <AutosaveText label="Map name" value={map.name} onCommit={(v) => save({ name: v })} validate={(v) => (v.trim() ? null : 'A map needs a name.')} />
        <div className="field">
          <label htmlFor="vsm-unit">Show totals in</label>
          <select id="vsm-unit" value={map.displayUnit} onChange={(e) => void save({ displayUnit: e.target.value as TimeUnit }).catch(alreadyShown)}>
            {TIME_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
          </select>
        </div>
      </div>
      <div className="vsm-row">
        <NumberField label="Demand" suffix="items per period" value={map.demand} min={0} onCommit={(v) => save({ demand: v === 0 ? null : v })} hint="Runs, retrains or requests the customer needs per period." />
        <DurationField label="Available time per period" value={map.availableTime} onCommit={(v) => save({ availableTime: v })} />
      </div>
      <h3>Suppliers and customers</h3>
      <ul className="vsm-externals">
        {map.externals.map((x, i) => (
          <li key={x.id}>
            <span className="vsm-ext-kind">{x.kind === 'supplier' ? 'Supplier' : 'Customer'}</span>
            <AutosaveText label="Name" value={x.name} onCommit={(v) => setExt(map.externals.map((y, j) => (j === i ? { ...y, name: v } : y)))} validate={(v) => (v.trim() ? null : 'A name is needed.')} />
            <AutosaveText label="SLA" value={x.sla} placeholder="e.g. data by 06:00, p95 < 150 ms" onCommit={(v) => setExt(map.externals.map((y, j) => (j === i ? { ...y, sla: v } : y)))} />
            <button type="button" className="btn btn-small" onClick={() => void setExt(map.externals.filter((_, j) => j !== i)).catch(alreadyShown)} aria-label={`Remove ${x.name}`}>Remove</button>
          </li>
        ))}
      </ul>
      <form className="vsm-inline-form" onSubmit={(e) => { e.preventDefault(); if (newName.trim()) void setExt([...map.externals, { id: crypto.randomUUID(), kind, name: newName.trim(), sla: '' }]).then(() => setNewName('')).catch(alreadyShown); }}>
        <select aria-label="Supplier or customer" value={kind} onChange={(e) => setKind(e.target.value as External['kind'])}>
          <option value="supplier">Supplier</option>
          <option value="customer">Customer</option>
        </select>
        <label className="visually-hidden" htmlFor="vsm-ext-name">Name</label>
        <input id="vsm-ext-name" value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="e.g. Card network feed" maxLength={200} />
        <button type="submit" className="btn btn-small">Add</button>
      </form>
    </section>
  );
}
