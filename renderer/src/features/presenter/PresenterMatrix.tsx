import { useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { PICK_LABELS, pickQuadrant } from '../../../../common/domain/matrix/pick';
import type { PickQuadrant } from '../../../../common/domain/matrix/pick';
import { useCall } from '../../api/useCall';

const ORDER: readonly PickQuadrant[] = ['implement', 'challenge', 'possible', 'kill'];
/** Until measured: how many one-line ideas a quadrant shows. */
const PER_QUADRANT = 4;

/**
 * How many lines of ideas fit in a quadrant (all four are the same size): its height less its heading, over the
 * list's line height; measured again when the pane is resized. A quadrant with more ideas than that shows one line
 * fewer and "+ N more", so no idea is ever cut off unseen.
 */
function useLinesThatFit(shown: boolean): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [lines, setLines] = useState(PER_QUADRANT);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const head = el.querySelector('h3');
      const list = el.querySelector('ul');
      if (!head || !list) return;
      const cs = getComputedStyle(el);
      const ls = getComputedStyle(list);
      const room = el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom) - head.offsetHeight - parseFloat(ls.marginTop);
      const line = parseFloat(ls.lineHeight) || parseFloat(ls.fontSize) * 1.2;
      const n = Math.max(1, Math.floor((room + 0.5) / line));
      setLines((o) => (o === n ? o : n));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [shown]);
  return [ref, lines];
}

/**
 * Prioritisation sessions: the impact/effort matrix as four large quadrants (high impact on top, low effort on the
 * left), each listing its ideas by impact — readable from the back of the room, no point covering a label.
 */
export function PresenterMatrix({ eventId }: Readonly<{ eventId: string }>) {
  const { data: placements } = useCall('matrix-list', { eventId }, ['matrix', 'ideas']);
  const { data: ideas } = useCall('idea-list', { eventId }, ['ideas']);
  const text = new Map((ideas ?? []).map((i) => [i.id, i.text]));
  const placed = (placements ?? []).filter((p) => text.has(p.ideaId));
  const [first, lines] = useLinesThatFit(placed.length > 0);
  return (
    <section className="presenter-artefact" aria-label="Impact and effort">
      <h2 className="presenter-artefact-title">Impact / effort <span className="presenter-count">{placed.length} placed</span></h2>
      {placed.length === 0 ? <p className="presenter-big-note">No ideas placed on the impact/effort matrix yet.</p> : (
        <div className="presenter-matrix" data-testid="presenter-matrix">
          <span className="presenter-axis presenter-axis-y">Impact ↑</span>
          <span className="presenter-axis presenter-axis-x">Effort →</span>
          {ORDER.map((q) => {
            const here = placed.filter((p) => pickQuadrant(p.impact, p.effort) === q).sort((a, b) => b.impact - a.impact || a.effort - b.effort);
            const shown = here.length > lines ? Math.max(0, lines - 1) : here.length;
            return (
              <div key={q} ref={q === ORDER[0] ? first : undefined} className={`presenter-quadrant presenter-quadrant-${q}`}>
                <h3>{PICK_LABELS[q]} <span>{here.length}</span></h3>
                <ul>
                  {here.slice(0, shown).map((p) => <li key={p.ideaId}>{text.get(p.ideaId)}</li>)}
                  {here.length > shown && <li className="presenter-more">+ {here.length - shown} more</li>}
                </ul>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
