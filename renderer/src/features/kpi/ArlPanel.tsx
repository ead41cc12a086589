import { useEffect, useRef, useState } from 'react';
import type { ChartSettings } from '../../../../common/contract/schemas/kpi';
import { chartArl } from '../../../../common/domain/spc/arl';
import type { Arl } from '../../../../common/domain/spc/arl';
import { presetConfig } from '../../../../common/domain/spc/runRules';
import type { TestConfig, TestNumber } from '../../../../common/domain/spc/runRules';
import { fmt } from '../../format';

const SHIFTS = [0, 0.5, 1, 1.5, 2, 3];

/** The tests the chart applies, as main/services/spc/kpiChart.ts testConfigOf builds them. */
function testsOf(s: ChartSettings): TestConfig {
  if (s.preset !== 'custom') {
    const p = presetConfig(s.preset);
    return { enabled: p.enabled, k: { ...p.k, 1: s.nsigmas } };
  }
  return { enabled: [...new Set(s.tests)].sort() as TestNumber[], k: s.k };
}

/** ARL tables already computed, by plan: a KPI reload or a second visit does not simulate again. */
const cache = new Map<string, Arl[] | string>();

function compute(s: ChartSettings): Arl[] | string {
  try {
    const tests = s.chart === 'ewma' ? { enabled: [1] as TestNumber[], k: { ...testsOf(s).k, 1: s.nsigmas } } : testsOf(s);
    return chartArl({ chart: s.chart, tests, nsigmas: s.nsigmas, lambda: s.lambda, cusumK: s.cusumK, cusumH: s.cusumH, runs: 2000 }, SHIFTS);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Average run length of the chart as set up, next to its rules: points until a signal when the process is in
 * control (false alarms) and after a shift of 0.5–3 σ (detection). Exact, Markov chain or seeded simulation
 * (common/domain/spc/arl.ts); the method is stated under the table.
 */
export function ArlPanel({ s }: { s: ChartSettings }) {
  // Only what the ARL depends on; a simulated table takes a few hundred ms, so it is computed after the panel shows.
  const key = JSON.stringify([s.chart, s.preset, s.tests, s.k, s.nsigmas, s.lambda, s.cusumK, s.cusumH]);
  const [rows, setRows] = useState<Arl[] | string | null>(() => cache.get(key) ?? null);
  const latest = useRef(s);
  latest.current = s;
  useEffect(() => {
    const hit = cache.get(key);
    if (hit) {
      setRows(hit);
      return;
    }
    setRows(null);
    const t = window.setTimeout(() => {
      const r = compute(latest.current);
      cache.set(key, r);
      setRows(r);
    }, 30);
    return () => window.clearTimeout(t);
  }, [key]);
  if (rows === null) return <div className="kpi-arl" data-testid="arl"><h3>Average run length (ARL)</h3><p className="hint">Computing…</p></div>;
  if (typeof rows === 'string') return <p className="hint">{rows}</p>;
  const n = (v: number) => fmt().number(Number(v.toPrecision(3)));
  return (
    <div className="kpi-arl" data-testid="arl">
      <h3>Average run length (ARL)</h3>
      <p className="hint">Points until the chart signals: in control (shift 0) that is the wait between false alarms; after a shift of the mean, how fast it is detected. Shift in σ of the plotted {s.chart === 'xbar-r' || s.chart === 'xbar-s' ? 'subgroup mean' : 'statistic'}.</p>
      <table className="kpi-table">
        <thead><tr><th scope="col">Shift of the mean</th><th scope="col">ARL (points)</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.shift}><th scope="row">{r.shift === 0 ? 'none (false alarms)' : `${r.shift} σ`}</th><td>{n(r.arl)}</td></tr>)}</tbody>
      </table>
      <p className="hint">{rows[0]!.method === 'simulation' ? 'Seeded simulation (the same numbers every time)' : rows[0]!.method === 'exact' ? 'Exact' : 'Markov chain'}: {rows[0]!.detail}. References: Montgomery §6.2.3, Tables 9.3 and 9.11; Champ &amp; Woodall (1987) for Western Electric rules (ARL ≈ 91.75 in control).</p>
    </div>
  );
}
