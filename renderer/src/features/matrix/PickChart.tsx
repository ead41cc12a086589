import { useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { PICK_LABELS, SCORE_MAX, SCORE_MID, nudgeScore, pickQuadrant, scoresFromPoint } from '../../../../common/domain/matrix/pick';

export type ChartPoint = Readonly<{ ideaId: string; no: number; text: string; impact: number; effort: number }>;

type Props = Readonly<{
  points: readonly ChartPoint[];
  onMove: (ideaId: string, impact: number, effort: number, how: 'drag' | 'score') => void;
  /** An unplaced idea dropped from the list (HTML drag and drop). */
  onDropIdea: (ideaId: string, impact: number, effort: number) => void;
}>;

const W = 640;
const H = 600;
/**
 * The quadrant labels sit outside the plot (Implement / Challenge above it, Possible / Kill below it), more than a
 * point's radius (16) away from its edge, so a point — even one at a score of 0 or 10 — never covers a label.
 */
const M = { left: 66, right: 20, top: 64, bottom: 100 };
const LABEL_GAP = 24;
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
const x = (effort: number) => M.left + (effort / SCORE_MAX) * PW;
const y = (impact: number) => M.top + (1 - impact / SCORE_MAX) * PH;

const QUADS = [
  { q: 'implement', x0: 0, y0: 0, fill: '#e3f4e8' },
  { q: 'challenge', x0: 1, y0: 0, fill: '#fff4d6' },
  { q: 'possible', x0: 0, y0: 1, fill: '#e6f0fa' },
  { q: 'kill', x0: 1, y0: 1, fill: '#f6e3e1' },
] as const;

/**
 * The PICK chart: effort left→right, impact bottom→top, quadrants labelled. Points move by pointer drag
 * or, when focused, by arrow keys (0.5 per press, Shift for 2); both save at once.
 */
export function PickChart({ points, onMove, onDropIdea }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ id: string; impact: number; effort: number } | null>(null);
  const toScores = (clientX: number, clientY: number) => {
    const r = svgRef.current!.getBoundingClientRect();
    const sx = W / r.width;
    const sy = H / r.height;
    return scoresFromPoint((clientX - r.left) * sx - M.left, (clientY - r.top) * sy - M.top, PW, PH);
  };
  const down = (e: ReactPointerEvent<SVGGElement>, p: ChartPoint) => {
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    setDrag({ id: p.ideaId, impact: p.impact, effort: p.effort });
  };
  const move = (e: ReactPointerEvent<SVGGElement>) => {
    if (drag) setDrag({ ...drag, ...toScores(e.clientX, e.clientY) });
  };
  const up = () => {
    if (drag) onMove(drag.id, drag.impact, drag.effort, 'drag');
    setDrag(null);
  };
  const key = (e: KeyboardEvent<SVGGElement>, p: ChartPoint) => {
    const step = e.shiftKey ? 2 : 0.5;
    const d = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowRight: [0, step], ArrowLeft: [0, -step] }[e.key];
    if (!d) return;
    e.preventDefault();
    onMove(p.ideaId, nudgeScore(p.impact, d[0]!), nudgeScore(p.effort, d[1]!), 'score');
  };
  return (
    <svg
      ref={svgRef}
      className="pick-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="group"
      aria-label="Impact / effort (PICK) chart. Focus a numbered point and use the arrow keys to move it."
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const id = e.dataTransfer.getData('text/x-idea-id');
        if (id) {
          const s = toScores(e.clientX, e.clientY);
          onDropIdea(id, s.impact, s.effort);
        }
      }}
    >
      {QUADS.map((qd) => (
        <rect key={qd.q} x={M.left + qd.x0 * (PW / 2)} y={M.top + qd.y0 * (PH / 2)} width={PW / 2} height={PH / 2} fill={qd.fill} stroke="#c9ced6" />
      ))}
      {QUADS.map((qd) => {
        const cx = M.left + qd.x0 * (PW / 2) + PW / 4;
        const baseline = qd.y0 === 0 ? M.top - LABEL_GAP : M.top + PH + 62;
        return (
          <g key={qd.q} className="pick-quadrant-label" data-quadrant={qd.q}>
            <rect x={cx - 82} y={baseline - 16} width={14} height={14} fill={qd.fill} stroke="#4a5361" aria-hidden="true" />
            <text x={cx - 60} y={baseline} className="pick-quadrant">{PICK_LABELS[qd.q]}</text>
          </g>
        );
      })}
      <line x1={x(SCORE_MID)} x2={x(SCORE_MID)} y1={M.top} y2={M.top + PH} stroke="#4a5361" strokeDasharray="4 4" />
      <line x1={M.left} x2={M.left + PW} y1={y(SCORE_MID)} y2={y(SCORE_MID)} stroke="#4a5361" strokeDasharray="4 4" />
      {[0, 2, 4, 6, 8, 10].map((t) => (
        <g key={t} className="pick-tick">
          <text x={x(t)} y={M.top + PH + 34} textAnchor="middle">{t}</text>
          <text x={M.left - 20} y={y(t) + 5} textAnchor="end">{t}</text>
        </g>
      ))}
      <text x={M.left + PW / 2} y={H - 12} textAnchor="middle" className="pick-axis">Effort (0 trivial – 10 very hard) →</text>
      <text transform={`translate(16 ${M.top + PH / 2}) rotate(-90)`} textAnchor="middle" className="pick-axis">Impact (0 none – 10 large) →</text>
      {points.map((p) => {
        const cur = drag?.id === p.ideaId ? drag : p;
        return (
          <g
            key={p.ideaId}
            className="pick-point"
            tabIndex={0}
            role="button"
            aria-label={`${p.no}. ${p.text}: impact ${cur.impact}, effort ${cur.effort}, ${PICK_LABELS[pickQuadrant(cur.impact, cur.effort)]}`}
            transform={`translate(${x(cur.effort)} ${y(cur.impact)})`}
            onPointerDown={(e) => down(e, p)}
            onPointerMove={move}
            onPointerUp={up}
            onKeyDown={(e) => key(e, p)}
            data-testid="pick-point"
          >
            <circle r={16} />
            <text y={6} textAnchor="middle">{p.no}</text>
          </g>
        );
      })}
    </svg>
  );
}
