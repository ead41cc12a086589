import type { KpiPoint } from '../../../../common/contract/schemas/kpi';

/** A small trend line with the target as a dashed line; decorative (the card states the numbers). */
export function Sparkline({ points, target }: { points: readonly KpiPoint[]; target: number | null }) {
  const w = 220;
  const h = 48;
  if (points.length < 2) return <svg width={w} height={h} aria-hidden="true" />;
  const vals = points.map((p) => p.value);
  const all = target !== null ? [...vals, target] : vals;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const y = (v: number) => (hi === lo ? h / 2 : h - 4 - ((v - lo) / (hi - lo)) * (h - 8));
  const x = (i: number) => 2 + (i / (points.length - 1)) * (w - 4);
  const d = vals.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  return (
    <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" className="kpi-spark" aria-hidden="true">
      {target !== null && <line x1={0} x2={w} y1={y(target)} y2={y(target)} className="kpi-spark-target" vectorEffect="non-scaling-stroke" />}
      <path d={d} className="kpi-spark-line" vectorEffect="non-scaling-stroke" />
      <circle cx={x(vals.length - 1)} cy={y(vals[vals.length - 1]!)} r={3.5} className="kpi-spark-dot" />
    </svg>
  );
}
