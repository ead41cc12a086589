import { useEffect, useRef, useState } from 'react';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import type { SectionProps } from '../sectionProps';
import { AnonymousRound } from './AnonymousRound';
import { IdeaCard } from './IdeaCard';
import { addIdea, mergeIdeas } from './ideaChanges';
import './ideas.css';
import { SimilarCountermeasures } from '../knowledge/SimilarCountermeasures';

const AREAS = ['ideas'] as const;

/** Brainstorm board: fast entry (Enter adds and clears for the next idea), edit, merge and delete with undo. */
export function IdeasPage({ event, sub }: SectionProps) {
  const { data: ideas, error } = useCall('idea-list', { eventId: event.id }, ['ideas']);
  const ops = useChange(AREAS);
  // The idea being typed is kept in local storage, so a crash or reload before Enter loses nothing.
  const draftKey = `kaizen.ideaDraft.${event.id}`;
  const [text, setText] = useState(() => localStorage.getItem(draftKey) ?? '');
  useEffect(() => {
    if (text) localStorage.setItem(draftKey, text);
    else localStorage.removeItem(draftKey);
  }, [draftKey, text]);
  const [author, setAuthor] = useState('');
  const [category, setCategory] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const input = useRef<HTMLTextAreaElement>(null);

  if (sub === 'anonymous') return <AnonymousRound event={event} />;

  const submit = async () => {
    const t = text.trim();
    if (!t) return;
    // Clear at once so the next idea can be typed while this one saves; put it back if saving fails.
    setText('');
    input.current?.focus();
    try {
      await ops.change(addIdea(event.id, { text: t, author: author.trim() || null, category: category.trim() }));
    } catch {
      setText((cur) => cur || t); // the error is shown as a toast
    }
  };
  const picked = (ideas ?? []).filter((i) => selected.has(i.id));
  const merge = async () => {
    const [target, ...rest] = picked;
    if (!target || rest.length === 0) return;
    await ops.change(mergeIdeas(target, rest)).then(() => setSelected(new Set()), alreadyShown);
  };
  const categories = [...new Set((ideas ?? []).map((i) => i.category).filter(Boolean))];

  return (
    <div className="ideas">
      <div className="ideas-toolbar">
        <p className="lead">Type an idea and press Enter; the box clears for the next one. Everything saves as you go.</p>
        <a className="btn ideas-round-link" href={`#/event/${encodeURIComponent(event.id)}/ideas/anonymous`}>Anonymous round…</a>
      </div>
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card idea-entry" aria-label="Add an idea" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <div className="field idea-entry-text">
          <label htmlFor="idea-new-text">New idea</label>
          <textarea id="idea-new-text" ref={input} rows={2} value={text} maxLength={2000} placeholder="e.g. Cache the top 1 000 merchants' features"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void submit(); } }} />
          <small className="hint">Enter adds · Shift+Enter starts a new line</small>
        </div>
        <div className="field">
          <label htmlFor="idea-new-author">Author (optional)</label>
          <input id="idea-new-author" value={author} maxLength={200} onChange={(e) => setAuthor(e.target.value)} placeholder="blank = anonymous" />
        </div>
        <div className="field">
          <label htmlFor="idea-new-category">Category (optional)</label>
          <input id="idea-new-category" list="idea-categories" value={category} maxLength={200} onChange={(e) => setCategory(e.target.value)} />
          <datalist id="idea-categories">{categories.map((c) => <option key={c} value={c} />)}</datalist>
        </div>
        <button type="submit" className="btn btn-primary" disabled={!text.trim()}>Add idea</button>
      </form>
      <SimilarCountermeasures eventId={event.id} text={text} />
      {picked.length > 0 && (
        <div className="card idea-merge-bar" role="region" aria-label="Merge selected ideas">
          <span>{picked.length} selected — merging keeps the first and appends the others’ text.</span>
          <button type="button" className="btn btn-primary" disabled={picked.length < 2} onClick={() => void merge()}>Merge {picked.length} ideas</button>
          <button type="button" className="btn" onClick={() => setSelected(new Set())}>Clear selection</button>
        </div>
      )}
      {ideas && ideas.length === 0 ? (
        <EmptyState title="No ideas yet">
          Ask the room “What slows this process down, and what could we try?” and type each answer as it comes. For input
          people would rather not say aloud, run a pass-the-laptop round.
        </EmptyState>
      ) : (
        <>
          <h2 className="ideas-count">{ideas?.length ?? 0} ideas</h2>
          {/* A dense table on the projector: column names once; every field keeps its own label for screen readers. */}
          <div className="idea-row idea-table-head" aria-hidden="true"><span>Idea</span><span>Author</span><span>Category</span><span>Linked to</span><span /></div>
          <ul className="idea-grid" aria-label="Ideas">
            {ideas?.map((i) => (
              <IdeaCard key={i.id} idea={i} ops={ops} selected={selected.has(i.id)}
                onSelect={(on) => setSelected((s) => { const n = new Set(s); if (on) n.add(i.id); else n.delete(i.id); return n; })} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
