import { useState } from 'react';
import type { FishboneCategory, FishboneCause } from '../../../../common/contract/schemas/rootcause';
import { describeFishbone, renderFishboneSvg } from '../../../../common/domain/rootcause/fishboneSvg';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { AutosaveText } from '../../components/fields';
import { newId, useChange } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { fileSafe, savePng, saveSvg, svgDataUrl } from './fishboneExport';

type Ops = ChangeOps;

function AddLine({ label, placeholder, onAdd }: { label: string; placeholder: string; onAdd: (text: string) => Promise<unknown> }) {
  const [text, setText] = useState('');
  return (
    <form className="add-line" aria-label={label} onSubmit={(e) => { e.preventDefault(); if (text.trim()) void onAdd(text.trim()).then(() => setText(''), () => undefined); }}>
      <input aria-label={label} value={text} maxLength={2000} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn btn-small" disabled={!text.trim()}>Add</button>
    </form>
  );
}

function CauseItem({ c, subs, ops, categories }: { c: FishboneCause; subs: readonly FishboneCause[]; ops: Ops; categories: readonly FishboneCategory[] }) {
  const remove = (x: FishboneCause) => ops.act({
    label: 'remove cause',
    run: () => call('fishbone-cause-remove', { id: x.id }),
    undo: async () => {
      // Re-add the cause and its sub-causes, parents first.
      for (const y of [x, ...(x.parentId === null ? subs : [])]) await call('fishbone-cause-add', { categoryId: y.categoryId, id: y.id, parentId: y.parentId, text: y.text });
    },
  });
  const edit = (x: FishboneCause) => (v: string, prev: string) =>
    ops.change({ label: 'edit cause', run: () => call('fishbone-cause-update', { id: x.id, patch: { text: v } }), undo: () => call('fishbone-cause-update', { id: x.id, patch: { text: prev } }) });
  const addSub = (text: string) => {
    const id = newId();
    return ops.change({ label: 'add sub-cause', run: () => call('fishbone-cause-add', { categoryId: c.categoryId, id, parentId: c.id, text }), undo: () => call('fishbone-cause-remove', { id }) });
  };
  return (
    <li className="cause" data-testid="cause">
      <div className="cause-line">
        <AutosaveText label="Cause" value={c.text} onCommit={edit(c)} validate={(v) => (v.trim() ? null : 'A cause needs text.')} />
        {categories.length > 1 && (
          <select className="cause-move" aria-label={`Move cause ${c.text} to category`} value={c.categoryId} onChange={(e) => {
            const to = e.target.value;
            const toName = categories.find((x) => x.id === to)?.name ?? '';
            void ops.change({ label: `move cause to ${toName}`, run: () => call('fishbone-cause-move', { id: c.id, categoryId: to }), undo: () => call('fishbone-cause-move', { id: c.id, categoryId: c.categoryId, parentId: c.parentId }) }).catch(() => undefined);
          }}>
            {categories.map((x) => <option key={x.id} value={x.id}>{x.id === c.categoryId ? `In ${x.name}` : `Move to ${x.name}`}</option>)}
          </select>
        )}
        <button type="button" className="btn-icon" aria-label={`Remove cause ${c.text}`} onClick={() => remove(c)}>×</button>
      </div>
      <ul className="sub-causes">
        {subs.map((s) => (
          <li key={s.id} className="cause-line sub-cause" data-testid="sub-cause">
            <AutosaveText label="Sub-cause" value={s.text} onCommit={edit(s)} validate={(v) => (v.trim() ? null : 'A sub-cause needs text.')} />
            <button type="button" className="btn-icon" aria-label={`Remove sub-cause ${s.text}`} onClick={() => remove(s)}>×</button>
          </li>
        ))}
      </ul>
      <AddLine label={`Add a sub-cause to ${c.text}`} placeholder="Sub-cause (why does this happen?)" onAdd={addSub} />
    </li>
  );
}

function CategoryCard({ cat, ops, categories }: { cat: FishboneCategory; ops: Ops; categories: readonly FishboneCategory[] }) {
  const top = cat.causes.filter((c) => c.parentId === null);
  const addCause = (text: string) => {
    const id = newId();
    return ops.change({ label: 'add cause', run: () => call('fishbone-cause-add', { categoryId: cat.id, id, text }), undo: () => call('fishbone-cause-remove', { id }) });
  };
  return (
    <section className="card fishbone-category" aria-label={`Category ${cat.name}`} data-testid="fishbone-category">
      <div className="category-head">
        <AutosaveText label="Category" value={cat.name} validate={(v) => (v.trim() ? null : 'A category needs a name.')} onCommit={(v, prev) =>
          ops.change({ label: 'rename category', run: () => call('fishbone-category-update', { id: cat.id, patch: { name: v } }), undo: () => call('fishbone-category-update', { id: cat.id, patch: { name: prev } }) })} />
        <button type="button" className="btn btn-small btn-danger-outline" onClick={() => ops.act({
          label: `remove category ${cat.name}`,
          run: () => call('fishbone-category-remove', { id: cat.id }),
          undo: () => call('fishbone-category-add', { eventId: cat.eventId, id: cat.id, name: cat.name, position: cat.position, causes: cat.causes.map((c) => ({ id: c.id, parentId: c.parentId, text: c.text })) }),
        })}>Remove</button>
      </div>
      <ul className="causes">{top.map((c) => <CauseItem key={c.id} c={c} subs={cat.causes.filter((s) => s.parentId === c.id)} ops={ops} categories={categories} />)}</ul>
      <AddLine label={`Add a cause to ${cat.name}`} placeholder="Cause" onAdd={addCause} />
    </section>
  );
}

/** Fishbone editor beside a live preview drawn by renderFishboneSvg (shown as an image: user text can never run). */
export function FishboneEditor({ eventId, eventName }: { eventId: string; eventName: string }) {
  const { data, error } = useCall('fishbone-get', { eventId }, ['fishbone']);
  const ops = useChange(['fishbone']);
  if (error) return <p className="error-banner" role="alert">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const svg = renderFishboneSvg(data, { title: `Fishbone: ${eventName}` });
  const name = `fishbone-${fileSafe(eventName)}`;
  const addCategory = (n: string) => {
    const id = newId();
    return ops.change({ label: 'add category', run: () => call('fishbone-category-add', { eventId, id, name: n }), undo: () => call('fishbone-category-remove', { id }) });
  };
  return (
    <div className="fishbone">
      <div className="fishbone-preview card">
        <div className="preview-head">
          <h2>Diagram</h2>
          <button type="button" className="btn btn-small" onClick={() => saveSvg(svg, `${name}.svg`)}>Export SVG</button>
          <button type="button" className="btn btn-small" onClick={() => void savePng(svg, `${name}.png`).catch(ops.fail)}>Export PNG</button>
        </div>
        <img className="fishbone-img" src={svgDataUrl(svg)} alt={describeFishbone(data)} data-testid="fishbone-diagram" />
        <details><summary>Text version</summary><pre className="fishbone-text">{describeFishbone(data)}</pre></details>
      </div>
      <AutosaveText label="Effect (the problem at the head of the fish)" multiline rows={2} value={data.effect} onCommit={(v, prev) =>
        ops.change({ label: 'edit effect', run: () => call('fishbone-update', { eventId, effect: v }), undo: () => call('fishbone-update', { eventId, effect: prev }) })} />
      <div className="fishbone-categories">
        {data.categories.map((c) => <CategoryCard key={c.id} cat={c} ops={ops} categories={data.categories} />)}
      </div>
      <AddLine label="Add a category" placeholder="New category, e.g. Vendors" onAdd={addCategory} />
    </div>
  );
}
