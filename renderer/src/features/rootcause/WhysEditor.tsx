import { useState } from 'react';
import type { WhyChain, WhyNode } from '../../../../common/contract/schemas/rootcause';
import { buildWhyTree, whyDepth } from '../../../../common/domain/rootcause/whysTree';
import type { WhyTreeNode } from '../../../../common/domain/rootcause/whysTree';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { AutosaveText, SavedCheckbox } from '../../components/fields';
import { newId, useChange } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';

type Ops = ChangeOps;

function AskWhy({ label, onAdd }: { label: string; onAdd: (text: string) => Promise<unknown> }) {
  const [text, setText] = useState('');
  return (
    <form className="add-line" aria-label={label} onSubmit={(e) => { e.preventDefault(); if (text.trim()) void onAdd(text.trim()).then(() => setText(''), () => undefined); }}>
      <input aria-label={label} value={text} maxLength={2000} placeholder="Because…" onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn btn-small" disabled={!text.trim()}>Add answer</button>
    </form>
  );
}

function WhyItem({ t, chain, ops }: { t: WhyTreeNode<WhyNode>; chain: WhyChain; ops: Ops }) {
  const n = t.node;
  const addChild = (text: string) => {
    const id = newId();
    return ops.change({ label: 'add answer', run: () => call('whys-node-add', { chainId: chain.id, id, parentId: n.id, text }), undo: () => call('whys-node-remove', { id }) });
  };
  const subtree = (x: WhyTreeNode<WhyNode>): WhyNode[] => [x.node, ...x.children.flatMap(subtree)];
  return (
    <li className={n.isRootCause ? 'why root' : 'why'} data-testid="why">
      <div className="why-line">
        <span className="why-depth">Why {t.depth}</span>
        <AutosaveText label={`Answer to why ${t.depth}`} value={n.text} validate={(v) => (v.trim() ? null : 'An answer needs text.')} onCommit={(v, prev) =>
          ops.change({ label: 'edit answer', run: () => call('whys-node-update', { id: n.id, patch: { text: v } }), undo: () => call('whys-node-update', { id: n.id, patch: { text: prev } }) })} />
        <SavedCheckbox label="Root cause" checked={n.isRootCause} onSave={(v) =>
          ops.change({ label: v ? 'mark root cause' : 'unmark root cause', run: () => call('whys-node-update', { id: n.id, patch: { isRootCause: v } }), undo: () => call('whys-node-update', { id: n.id, patch: { isRootCause: !v } }) })} />
        <button type="button" className="btn-icon" aria-label={`Remove answer ${n.text}`} onClick={() => ops.act({
          label: 'remove answer',
          run: () => call('whys-node-remove', { id: n.id }),
          undo: async () => { for (const x of subtree(t)) await call('whys-node-add', { chainId: chain.id, id: x.id, parentId: x.parentId, text: x.text, isRootCause: x.isRootCause }); },
        })}>×</button>
      </div>
      {t.children.length > 0 && <ul className="why-children">{t.children.map((c) => <WhyItem key={c.node.id} t={c} chain={chain} ops={ops} />)}</ul>}
      {!n.isRootCause && <AskWhy label={`Why: ${n.text}?`} onAdd={addChild} />}
    </li>
  );
}

function ChainCard({ chain, ops }: { chain: WhyChain; ops: Ops }) {
  const tree = buildWhyTree(chain.nodes);
  const depth = whyDepth(tree);
  const roots = chain.nodes.filter((n) => n.isRootCause).length;
  const addTop = (text: string) => {
    const id = newId();
    return ops.change({ label: 'add answer', run: () => call('whys-node-add', { chainId: chain.id, id, text }), undo: () => call('whys-node-remove', { id }) });
  };
  return (
    <section className="card why-chain" aria-label={`5 Whys: ${chain.problem}`} data-testid="why-chain">
      <div className="category-head">
        <AutosaveText label="Problem statement" value={chain.problem} validate={(v) => (v.trim() ? null : 'State the problem.')} onCommit={(v, prev) =>
          ops.change({ label: 'edit problem', run: () => call('whys-chain-update', { id: chain.id, patch: { problem: v } }), undo: () => call('whys-chain-update', { id: chain.id, patch: { problem: prev } }) })} />
        <button type="button" className="btn btn-small btn-danger-outline" onClick={() => ops.act({
          label: 'remove 5 Whys chain',
          run: () => call('whys-chain-remove', { id: chain.id }),
          undo: () => call('whys-chain-add', { eventId: chain.eventId, id: chain.id, problem: chain.problem, position: chain.position, nodes: chain.nodes.map(({ id, parentId, text, isRootCause }) => ({ id, parentId, text, isRootCause })) }),
        })}>Remove chain</button>
      </div>
      <p className="muted">{depth === 0 ? 'Ask “why?” and type the answer.' : `${depth} level${depth === 1 ? '' : 's'} deep · ${roots} root cause${roots === 1 ? '' : 's'} marked`}</p>
      <ul className="why-tree">{tree.map((t) => <WhyItem key={t.node.id} t={t} chain={chain} ops={ops} />)}</ul>
      <AskWhy label={`Why: ${chain.problem}?`} onAdd={addTop} />
    </section>
  );
}

/** 5 Whys: one chain per problem statement; any answer can branch into several, and root causes are marked. */
export function WhysEditor({ eventId }: { eventId: string }) {
  const { data, error } = useCall('whys-list', { eventId }, ['whys']);
  const ops = useChange(['whys']);
  const [problem, setProblem] = useState('');
  const add = async () => {
    if (!problem.trim()) return;
    const id = newId();
    const p = problem.trim();
    await ops.change({ label: 'add 5 Whys chain', run: () => call('whys-chain-add', { eventId, id, problem: p }), undo: () => call('whys-chain-remove', { id }) }).then(() => setProblem(''), () => undefined);
  };
  return (
    <div className="whys">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card add-chain" aria-label="Start a 5 Whys chain" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <div className="field">
          <label htmlFor="whys-problem">Problem statement</label>
          <input id="whys-problem" value={problem} maxLength={2000} onChange={(e) => setProblem(e.target.value)} placeholder="e.g. p95 latency of /score is 900 ms at peak" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!problem.trim()}>Start 5 Whys</button>
      </form>
      {data && data.length === 0 ? (
        <EmptyState title="No 5 Whys chain yet">
          State one problem, ask “why?” and type the answer, then ask why again, about five times, until you reach a cause you can act on. Answers can branch.
        </EmptyState>
      ) : (
        data?.map((c) => <ChainCard key={c.id} chain={c} ops={ops} />)
      )}
    </div>
  );
}
