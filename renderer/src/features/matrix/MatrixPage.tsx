import type { Idea } from '../../../../common/contract/schemas/workshop';
import { PICK_HINTS, PICK_LABELS, PICK_QUADRANTS, clampScore, pickQuadrant } from '../../../../common/domain/matrix/pick';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { useChange } from '../../api/useChange';
import type { SectionProps } from '../sectionProps';
import { PickChart } from './PickChart';
import './matrix.css';

function ScoreInput({ label, value, onSave }: { label: string; value: number | undefined; onSave: (v: number) => void }) {
  return (
    <input
      type="number"
      min={0}
      max={10}
      step={0.5}
      aria-label={label}
      defaultValue={value ?? ''}
      key={value ?? 'none'}
      placeholder="0–10"
      onBlur={(e) => {
        const raw = e.target.value.trim();
        if (raw === '') return;
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0 || n > 10) {
          e.target.setCustomValidity('Score from 0 to 10');
          e.target.reportValidity();
          return;
        }
        e.target.setCustomValidity('');
        if (n !== value) onSave(clampScore(n));
      }}
      onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
    />
  );
}

/** Impact / effort (PICK) matrix of the event's ideas: place by score in the table or by dragging on the chart. */
export function MatrixPage({ event }: SectionProps) {
  const eventId = event.id;
  const ideas = useCall('idea-list', { eventId }, ['ideas']);
  const { data: placements, error } = useCall('matrix-list', { eventId }, ['matrix']);
  const ops = useChange(['matrix']);
  const byIdea = new Map((placements ?? []).map((p) => [p.ideaId, p]));
  const list: readonly Idea[] = ideas.data ?? [];
  const numbered = list.map((i, k) => ({ idea: i, no: k + 1, p: byIdea.get(i.id) }));
  const place = (ideaId: string, impact: number, effort: number, source: 'drag' | 'score') => {
    const before = byIdea.get(ideaId);
    ops.act({
      label: 'place idea on the matrix',
      run: () => call('matrix-place', { eventId, ideaId, impact, effort, source }),
      undo: () => (before ? call('matrix-place', { eventId, ideaId, impact: before.impact, effort: before.effort, source: before.source }) : call('matrix-unplace', { eventId, ideaId })),
    });
  };
  const setScore = (ideaId: string, axis: 'impact' | 'effort', v: number) => {
    const cur = byIdea.get(ideaId);
    const impact = axis === 'impact' ? v : (cur?.impact ?? 5);
    const effort = axis === 'effort' ? v : (cur?.effort ?? 5);
    place(ideaId, impact, effort, 'score');
  };
  if (ideas.data && list.length === 0) {
    return (
      <EmptyState title="No ideas to place yet" action={<a className="btn btn-primary" href={`#/event/${encodeURIComponent(eventId)}/ideas`}>Go to ideas</a>}>
        Brainstorm ideas first. Then score each one for impact and effort here, or drag it onto the chart, to see what to implement, what is possible, what is a challenge and what to kill.
      </EmptyState>
    );
  }
  const points = numbered.filter((n) => n.p).map((n) => ({ ideaId: n.idea.id, no: n.no, text: n.idea.text, impact: n.p!.impact, effort: n.p!.effort }));
  const counts = Object.fromEntries(PICK_QUADRANTS.map((q) => [q, points.filter((p) => pickQuadrant(p.impact, p.effort) === q).length]));
  return (
    <div className="matrix-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <div className="matrix-layout">
        <div className="matrix-chart card">
          <PickChart points={points} onMove={place} onDropIdea={(id, i, e) => place(id, i, e, 'drag')} />
          <ul className="pick-legend" aria-label="Quadrants">
            {PICK_QUADRANTS.map((q) => <li key={q}><strong>{PICK_LABELS[q]}</strong> ({counts[q]}): {PICK_HINTS[q]}</li>)}
          </ul>
        </div>
        <div className="matrix-table card">
          <h2>Ideas</h2>
          <p className="hint">Type scores from 0 to 10, or drag an unplaced idea onto the chart. Focus a point on the chart and use the arrow keys to move it.</p>
          <table>
            <caption className="visually-hidden">Impact and effort scores of each idea</caption>
            <thead><tr><th scope="col">#</th><th scope="col">Idea</th><th scope="col">Impact</th><th scope="col">Effort</th><th scope="col">Quadrant</th></tr></thead>
            <tbody>
              {numbered.map(({ idea, no, p }) => (
                <tr key={idea.id} data-testid="matrix-row">
                  <td>{no}</td>
                  <td>
                    <span
                      className={p ? 'idea-text' : 'idea-text unplaced'}
                      draggable={!p}
                      onDragStart={(e) => e.dataTransfer.setData('text/x-idea-id', idea.id)}
                      title={p ? undefined : 'Drag onto the chart'}
                    >
                      {idea.text}
                    </span>
                  </td>
                  <td><ScoreInput label={`Impact of ${idea.text}`} value={p?.impact} onSave={(v) => setScore(idea.id, 'impact', v)} /></td>
                  <td><ScoreInput label={`Effort of ${idea.text}`} value={p?.effort} onSave={(v) => setScore(idea.id, 'effort', v)} /></td>
                  <td data-testid="quadrant">{p ? PICK_LABELS[pickQuadrant(p.impact, p.effort)] : <span className="muted">not placed</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
