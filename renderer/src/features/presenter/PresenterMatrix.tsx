import { PICK_LABELS, pickQuadrant } from '../../../../common/domain/matrix/pick';
import type { PickQuadrant } from '../../../../common/domain/matrix/pick';
import { useCall } from '../../api/useCall';

const ORDER: readonly PickQuadrant[] = ['implement', 'challenge', 'possible', 'kill'];
const PER_QUADRANT = 4;

/**
 * Prioritisation sessions: the impact/effort matrix as four large quadrants (high impact on top, low effort on the
 * left), each listing its ideas by impact — readable from the back of the room, no point covering a label.
 */
export function PresenterMatrix({ eventId }: Readonly<{ eventId: string }>) {
  const { data: placements } = useCall('matrix-list', { eventId }, ['matrix', 'ideas']);
  const { data: ideas } = useCall('idea-list', { eventId }, ['ideas']);
  const text = new Map((ideas ?? []).map((i) => [i.id, i.text]));
  const placed = (placements ?? []).filter((p) => text.has(p.ideaId));
  return (
    <section className="presenter-artefact" aria-label="Impact and effort">
      <h2 className="presenter-artefact-title">Impact / effort <span className="presenter-count">{placed.length} placed</span></h2>
      {placed.length === 0 ? <p className="presenter-big-note">No ideas placed on the impact/effort matrix yet.</p> : (
        <div className="presenter-matrix" data-testid="presenter-matrix">
          <span className="presenter-axis presenter-axis-y">Impact ↑</span>
          <span className="presenter-axis presenter-axis-x">Effort →</span>
          {ORDER.map((q) => {
            const here = placed.filter((p) => pickQuadrant(p.impact, p.effort) === q).sort((a, b) => b.impact - a.impact || a.effort - b.effort);
            return (
              <div key={q} className={`presenter-quadrant presenter-quadrant-${q}`}>
                <h3>{PICK_LABELS[q]} <span>{here.length}</span></h3>
                <ul>
                  {here.slice(0, PER_QUADRANT).map((p) => <li key={p.ideaId}>{text.get(p.ideaId)}</li>)}
                  {here.length > PER_QUADRANT && <li className="presenter-more">+ {here.length - PER_QUADRANT} more</li>}
                </ul>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
