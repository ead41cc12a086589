import type { Idea } from '../../../../common/contract/schemas/workshop';
import { AutosaveText } from '../../components/fields';
import type { ChangeOps } from '../../api/useChange';
import { removeIdea, updateIdea } from './ideaChanges';

/** One idea card: text, author and category edit in place (autosaved); a checkbox selects it for merging. */
export function IdeaCard({ idea, selected, onSelect, ops }: Readonly<{
  idea: Idea;
  selected: boolean;
  onSelect: (on: boolean) => void;
  ops: ChangeOps;
}>) {
  return (
    <li className={`card idea-card${selected ? ' idea-selected' : ''}`} data-testid="idea-card">
      <AutosaveText label="Idea" multiline rows={2} value={idea.text} onCommit={(v) => ops.change(updateIdea(idea, { text: v }))}
        validate={(v) => (v.trim() ? null : 'An idea needs some text.')} />
      <div className="idea-meta">
        <AutosaveText label="Author" placeholder="anonymous" value={idea.author ?? ''} onCommit={(v) => ops.change(updateIdea(idea, { author: v.trim() || null }))} />
        <AutosaveText label="Category" value={idea.category} onCommit={(v) => ops.change(updateIdea(idea, { category: v.trim() }))} />
      </div>
      <details className="idea-links" open={!!(idea.stageRef || idea.kpiRef)}>
        <summary title="Linked process stage and KPI">{idea.stageRef || idea.kpiRef ? [idea.stageRef, idea.kpiRef].filter(Boolean).join(' · ') : 'Link…'}<span className="visually-hidden"> (linked stage / KPI)</span></summary>
        <div className="idea-meta">
          <AutosaveText label="Process stage" value={idea.stageRef ?? ''} onCommit={(v) => ops.change(updateIdea(idea, { stageRef: v.trim() || null }))} placeholder="e.g. Feature lookup" />
          <AutosaveText label="KPI" value={idea.kpiRef ?? ''} onCommit={(v) => ops.change(updateIdea(idea, { kpiRef: v.trim() || null }))} placeholder="e.g. p95 latency" />
        </div>
      </details>
      <div className="idea-actions">
        <label className="checkbox">
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} aria-label={`Select to merge: ${idea.text.slice(0, 60)}`} />
          Merge
        </label>
        <button type="button" className="btn btn-small btn-danger-outline" onClick={() => ops.act(removeIdea(idea))} aria-label={`Delete idea: ${idea.text.slice(0, 60)}`}>
          Delete
        </button>
      </div>
    </li>
  );
}
