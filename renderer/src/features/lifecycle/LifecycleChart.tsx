import type { LifecycleKind } from '../../../../common/contract/schemas/lifecycle';
import type { LifecycleResultOf } from '../../../../common/domain/lifecycle/run';
import { fmt } from '../../format';

const W = 640;
const H = 260;
const M = { l: 72, r: 16, t: 16, b: 40 };
const SERIES = ['var(--chart-1, #0072b2)', 'var(--chart-2, #e69f00)', 'var(--chart-3, #009e73)', 'var(--chart-4, #cc79a7)', 'var(--chart-5, #56b4e9)'];

type Bar = { label: string; value: number; extra?: number };

const scale = (d0: number, d1: number, r0: number, r1: number) => (v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));

function Axes({ x, y, xLabel, yLabel, yTicks }: { x: string; y: string; xLabel: string; yLabel: string; yTicks: { v: number; at: number }[] }) {
  return (
    <g className="lc-axes" aria-hidden="true" data-x={x} data-y={y}>
      <line x1={M.l} y1={H - M.b} x2={W - M.r} y2={H - M.b} />
      <line x1={M.l} y1={M.t} x2={M.l} y2={H - M.b} />
      {yTicks.map((t) => (
        <text key={t.v} x={M.l - 6} y={t.at + 4} textAnchor="end">{fmt().sig(t.v)}</text>
      ))}
      <text x={(M.l + W - M.r) / 2} y={H - 6} textAnchor="middle">{xLabel}</text>
      <text x={12} y={(M.t + H - M.b) / 2} textAnchor="middle" transform={`rotate(-90 12 ${(M.t + H - M.b) / 2})`}>{yLabel}</text>
    </g>
  );
}

function ticks(lo: number, hi: number, y: (v: number) => number) {
  return [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo)).map((v) => ({ v, at: y(v) }));
}

/** Horizontal-axis categories, one bar each (with an optional second, lighter bar stacked on top). */
function Bars({ title, bars, yLabel, extraLabel, valueLabel }: { title: string; bars: Bar[]; yLabel: string; valueLabel: string; extraLabel?: string }) {
  const max = Math.max(1e-9, ...bars.map((b) => b.value + (b.extra ?? 0)));
  const y = scale(0, max, H - M.b, M.t);
  const bw = (W - M.l - M.r) / Math.max(bars.length, 1);
  return (
    <svg className="lc-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <title>{title}</title>
      <Axes x="" y="" xLabel="" yLabel={yLabel} yTicks={ticks(0, max, y)} />
      {bars.map((b, i) => (
        <g key={b.label}>
          <rect x={M.l + i * bw + 4} y={y(b.value)} width={bw - 8} height={H - M.b - y(b.value)} fill={SERIES[0]}><title>{`${b.label}: ${valueLabel} ${fmt().sig(b.value)}`}</title></rect>
          {b.extra !== undefined && b.extra > 0 && (
            <rect x={M.l + i * bw + 4} y={y(b.value + b.extra)} width={bw - 8} height={y(b.value) - y(b.value + b.extra)} fill={SERIES[1]}><title>{`${b.label}: ${extraLabel} ${fmt().sig(b.extra)}`}</title></rect>
          )}
          <text x={M.l + i * bw + bw / 2} y={H - M.b + 14} textAnchor="middle" className="lc-tick">{b.label.length > 16 ? `${b.label.slice(0, 15)}…` : b.label}</text>
        </g>
      ))}
      {extraLabel && (
        <g className="lc-legend">
          <rect x={W - 220} y={M.t} width={10} height={10} fill={SERIES[0]} /><text x={W - 206} y={M.t + 9}>{valueLabel}</text>
          <rect x={W - 110} y={M.t} width={10} height={10} fill={SERIES[1]} /><text x={W - 96} y={M.t + 9}>{extraLabel}</text>
        </g>
      )}
    </svg>
  );
}

/** Lines of (x, y) points, one per series, with a legend and an optional marked x. */
function Lines({ title, series, xLabel, yLabel, mark }: { title: string; series: { name: string; points: [number, number][] }[]; xLabel: string; yLabel: string; mark?: { x: number; label: string } }) {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x = scale(Math.min(...xs), Math.max(...xs), M.l, W - M.r);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const y = scale(lo, hi, H - M.b, M.t);
  return (
    <svg className="lc-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <title>{title}</title>
      <Axes x="" y="" xLabel={`${xLabel} (${fmt().sig(Math.min(...xs))} – ${fmt().sig(Math.max(...xs))})`} yLabel={yLabel} yTicks={ticks(lo, hi, y)} />
      {series.map((s, i) => (
        <polyline key={s.name} fill="none" stroke={SERIES[i % SERIES.length]} strokeWidth={2} points={s.points.map(([a, b]) => `${x(a)},${y(b)}`).join(' ')} />
      ))}
      {mark && (
        <g className="lc-mark">
          <line x1={x(mark.x)} x2={x(mark.x)} y1={M.t} y2={H - M.b} strokeDasharray="4 3" />
          <text x={x(mark.x) + 4} y={M.t + 12}>{mark.label}</text>
        </g>
      )}
      <g className="lc-legend">
        {series.map((s, i) => (
          <g key={s.name}>
            <rect x={M.l + 10 + i * 130} y={M.t} width={10} height={10} fill={SERIES[i % SERIES.length]} />
            <text x={M.l + 24 + i * 130} y={M.t + 9}>{s.name}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}

function Heatmap({ cells }: { cells: LifecycleResultOf['batch-schedule']['heatmap'] }) {
  const max = Math.max(1, ...cells.map((c) => c.requests));
  const cw = (W - M.l - M.r) / 24;
  const ch = (H - M.t - M.b) / 7;
  return (
    <svg className="lc-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Requests per weekday and hour (UTC); peak hours outlined">
      <title>Requests per weekday and hour (UTC); peak hours outlined</title>
      {cells.map((c) => (
        <rect key={`${c.day}-${c.hour}`} x={M.l + c.hour * cw} y={M.t + c.day * ch} width={cw - 1} height={ch - 1} fill={SERIES[0]} fillOpacity={0.1 + 0.9 * (c.requests / max)} stroke={c.peak ? 'var(--ink, #000)' : 'none'}>
          <title>{`${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][c.day]} ${c.hour}:00 — ${c.requests} requests${c.peak ? ' (peak)' : ''}`}</title>
        </rect>
      ))}
      {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d, i) => <text key={d} className="lc-tick" x={M.l - 6} y={M.t + i * ch + ch / 2 + 4} textAnchor="end">{d}</text>)}
      {[0, 6, 12, 18, 23].map((h) => <text key={h} className="lc-tick" x={M.l + h * cw + cw / 2} y={H - M.b + 14} textAnchor="middle">{h}:00</text>)}
    </svg>
  );
}

/** The chart for one lifecycle result. */
export function LifecycleChart({ kind, result }: { kind: LifecycleKind; result: unknown }) {
  switch (kind) {
    case 'early-stopping': {
      const r = result as LifecycleResultOf['early-stopping'];
      return <Bars title="Epochs run until the stop, and epochs early stopping saves, per run" bars={r.runs.map((x) => ({ label: x.run, value: x.epochs - x.epochsSaved, extra: x.epochsSaved }))} yLabel="epochs" valueLabel="until stop" extraLabel="saved" />;
    }
    case 'threshold': {
      const r = result as LifecycleResultOf['threshold'];
      return <Lines title="Cost by threshold" series={[{ name: 'cost', points: r.curve.map((p) => [p.threshold, p.cost]) }]} xLabel="threshold" yLabel="cost" mark={{ x: r.threshold, label: `least cost at ${r.threshold}` }} />;
    }
    case 'search': {
      const r = result as LifecycleResultOf['search'];
      return <Lines title="Best so far by trial, per strategy" series={r.strategies.map((s) => ({ name: s.strategy, points: s.curve.map((p, i) => [i + 1, p.bestSoFar]) }))} xLabel="trial" yLabel="best so far" />;
    }
    case 'trace': {
      const r = result as LifecycleResultOf['trace'];
      return <Bars title="Operators by self time (Pareto)" bars={r.operators.slice(0, 8).map((o) => ({ label: o.name.replace(/^aten::/, ''), value: o.selfMs }))} yLabel="self time (ms)" valueLabel="self ms" />;
    }
    case 'quantization': {
      const r = result as LifecycleResultOf['quantization'];
      return <Bars title="p95 latency per variant" bars={r.variants.map((v) => ({ label: v.variant, value: v.p95 }))} yLabel="p95 (ms)" valueLabel="p95 ms" />;
    }
    case 'gpu': {
      const r = result as LifecycleResultOf['gpu'];
      return <Lines title="Pool utilisation over time" series={[{ name: 'utilisation', points: r.utilisation.map((u, i) => [i, u.utilisation]) }]} xLabel={`${r.bucket}s since ${fmt().dateTime(r.utilisation[0]?.start)}`} yLabel="utilisation" />;
    }
    case 'batch-schedule':
      return <Heatmap cells={(result as LifecycleResultOf['batch-schedule']).heatmap} />;
    case 'load-types': {
      const r = result as LifecycleResultOf['load-types'];
      return <Bars title="Median run time per load type" bars={r.types.map((t) => ({ label: t.type, value: t.medianMinutes }))} yLabel="median (min)" valueLabel="median min" />;
    }
    case 'cold-start': {
      const r = result as LifecycleResultOf['cold-start'];
      return <Bars title="Warm p50 and the cold-start penalty p50 per memory size" bars={r.groups.map((g) => ({ label: `${g.group}`, value: g.warmP50 ?? 0, extra: g.penaltyP50 ?? 0 }))} yLabel="latency (ms)" valueLabel="warm p50" extraLabel="cold penalty" />;
    }
    case 'anonymisation':
      return null;
  }
}
