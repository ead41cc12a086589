import { useEffect, useRef, useState } from 'react';
import type { ChartSettings } from '../../../../common/contract/schemas/kpi';
import { chartArl } from '../../../../common/domain/spc/arl';
import type { Arl } from '../../../../common/domain/spc/arl';
import { presetConfig } from '../../../../common/domain/spc/runRules';
import type { TestConfig, TestNumber } from '../../../../common/domain/spc/runRules';
import { Field } from '../../components/fields';
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

function compute(s: ChartSettings, shifts: readonly number[]): Arl[] | string {
  try {
    const tests = s.chart === 'ewma' ? { enabled: [1] as TestNumber[], k: { ...testsOf(s).k, 1: s.nsigmas } } : testsOf(s);
    return chartArl({ chart: s.chart, tests, nsigmas: s.nsigmas, lambda: s.lambda, cusumK: s.cusumK, cusumH: s.cusumH, runs: 2000 }, shifts);
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
  // A shift the team cares about (in σ), added to the table.
  const [own, setOwn] = useState('');
  const ownShift = Number(own);
  const ownOk = own.trim() === '' || (Number.isFinite(ownShift) && ownShift >= 0 && ownShift <= 6);
  const shifts = own.trim() !== '' && ownOk && !SHIFTS.includes(ownShift) ? [...SHIFTS, ownShift].sort((a, b) => a - b) : SHIFTS;
  // Only what the ARL depends on; a simulated table takes a few hundred ms, so it is computed after the panel shows.
  const key = JSON.stringify([s.chart, s.preset, s.tests, s.k, s.nsigmas, s.lambda, s.cusumK, s.cusumH, shifts]);
  const [rows, setRows] = useState<Arl[] | string | null>(() => cache.get(key) ?? null);
  // The table on screen stays (and the shift field keeps its focus) while a new one is computed.
  const [busy, setBusy] = useState(false);
  const latest = useRef({ s, shifts });
  latest.current = { s, shifts };
  useEffect(() => {
    const hit = cache.get(key);
    if (hit) {
      setRows(hit);
      setBusy(false);
      return;
    }
    setBusy(true);
    const t = window.setTimeout(() => {
      const r = compute(latest.current.s, latest.current.shifts);
      cache.set(key, r);
      setRows(r);
      setBusy(false);
    }, 30);
    return () => window.clearTimeout(t);
  }, [key]);
  if (rows === null) return <div className="kpi-arl" data-testid="arl"><h3>Average run length (ARL)</h3><p className="hint">Computing…</p></div>;
  if (typeof rows === 'string') return <p className="hint">{busy ? 'Computing…' : rows}</p>;
  const n = (v: number) => fmt().number(Number(v.toPrecision(3)));
  return (
    <div className="kpi-arl" data-testid="arl">
      <h3>Average run length (ARL){busy && <small className="hint"> computing…</small>}</h3>
      <p className="hint">Points until the chart signals: in control (shift 0) that is the wait between false alarms; after a shift of the mean, how fast it is detected. Shift in σ of the plotted {s.chart === 'xbar-r' || s.chart === 'xbar-s' ? 'subgroup mean' : 'statistic'}.</p>
      <table className="kpi-table">
        <thead><tr><th scope="col">Shift of the mean</th><th scope="col">ARL (points)</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.shift} className={r.shift === ownShift && own.trim() !== '' ? 'kpi-arl-own' : undefined}><th scope="row">{r.shift === 0 ? 'none (false alarms)' : `${r.shift} σ`}</th><td>{n(r.arl)}</td></tr>)}</tbody>
      </table>
      <Field label="ARL at a shift of (σ)" error={ownOk ? null : 'A number from 0 to 6.'}>{(id) => (<input id={id} type="number" min={0} max={6} step={0.1} value={own} onChange={(e) => setOwn(e.target.value)} />)}</Field>
      <p className="hint">{rows[0]!.method === 'simulation' ? 'Seeded simulation (the same numbers every time)' : rows[0]!.method === 'exact' ? 'Exact' : 'Markov chain'}: {rows[0]!.detail}. References: Montgomery §6.2.3, Tables 9.3 and 9.11; Champ &amp; Woodall (1987) for Western Electric rules (ARL ≈ 91.75 in control).</p>
    </div>
  );
}
