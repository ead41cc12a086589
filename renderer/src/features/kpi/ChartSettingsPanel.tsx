import { useState } from 'react';
import type { ChartSettings, KpiSummary } from '../../../../common/contract/schemas/kpi';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import { CHART_KINDS, CHART_LABELS, CHART_SHORT_LABELS } from '../../../../common/domain/spc/types';
import { DEFAULT_K, describeTest } from '../../../../common/domain/spc/runRules';
import type { TestNumber } from '../../../../common/domain/spc/runRules';
import { Field } from '../../components/fields';
import { ArlPanel } from './ArlPanel';
import { ChartAssistant } from './ChartAssistant';

const PRESET_LABELS = { minitab: 'Minitab default (test 1)', we: 'Western Electric (1, 5, 6 and 2 with K = 8)', nelson: 'Nelson (all 8)', custom: 'Custom' } as const;

/** Chart type, stages (split dates or event milestones), Phase I range and the tests with editable K. */
export function ChartSettingsPanel({ kpi, event, onSave }: { kpi: KpiSummary; event: KaizenEvent; onSave: (patch: Partial<ChartSettings>) => Promise<void> }) {
  const s = kpi.chart;
  const [date, setDate] = useState('');
  const [name, setName] = useState('After');
  const milestones = [
    event.startDate ? { date: event.startDate, name: 'Kaizen week' } : null,
    event.endDate ? { date: event.endDate, name: 'After the event' } : null,
  ].filter((m): m is { date: string; name: string } => m !== null);
  const addStage = (st: { date: string; name: string }) => void onSave({ stages: [...s.stages.filter((x) => x.date !== st.date), st].sort((a, b) => a.date.localeCompare(b.date)) });
  return (
    <section className="card kpi-settings" aria-labelledby="chart-settings-title">
      <h2 id="chart-settings-title">Chart settings</h2>
      <Field label="Chart">{(id) => (<select id={id} value={s.chart} onChange={(e) => void onSave({ chart: e.target.value as ChartSettings['chart'] })}>
          {CHART_KINDS.map((c) => <option key={c} value={c} title={CHART_LABELS[c]}>{CHART_SHORT_LABELS[c]}</option>)}
        </select>)}</Field>
      <ChartAssistant kpi={kpi} onApply={onSave} />
      <h3>Stages</h3>
      <p className="hint">Each stage gets its own limits. Split where the process was deliberately changed (the countermeasure date), not where the chart looks different.</p>
      <ul className="kpi-stage-list">
        <li>{s.firstStage} (from the first point)</li>
        {s.stages.map((st) => (
          <li key={st.date}>
            {st.name} from {st.date}{' '}
            <button type="button" className="btn btn-small" aria-label={`Remove stage ${st.name}`} onClick={() => void onSave({ stages: s.stages.filter((x) => x.date !== st.date) })}>Remove</button>
          </li>
        ))}
      </ul>
      <div className="kpi-inline">
        <Field label="Stage starts">{(id) => (<input id={id} type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-label="Stage start date" />)}</Field>
        <Field label="Stage name">{(id) => (<input id={id} value={name} onChange={(e) => setName(e.target.value)} aria-label="Stage name" />)}</Field>
        <button type="button" className="btn" disabled={!date || !name.trim()} onClick={() => addStage({ date, name: name.trim() })}>Add stage</button>
      </div>
      {milestones.length > 0 && (
        <div className="kpi-inline">
          {milestones.map((m) => <button key={m.date} type="button" className="btn btn-small" onClick={() => addStage(m)}>Split at {m.name} ({m.date})</button>)}
        </div>
      )}
      <h3>Phase I limits</h3>
      <p className="hint">Compute limits from a stable baseline range and hold them for later points (Phase II), so improvement shows as signals instead of moving the limits. Recalculate only after a deliberate, confirmed change.</p>
      <div className="kpi-inline">
        <Field label="From point">{(id) => (<input id={id} type="number" min={1} value={s.limitsFrom?.from ?? ''} onChange={(e) => void onSave({ limitsFrom: e.target.value ? { from: Number(e.target.value), to: s.limitsFrom?.to ?? Math.max(2, kpi.points.length) } : null })} />)}</Field>
        <Field label="To point">{(id) => (<input id={id} type="number" min={1} value={s.limitsFrom?.to ?? ''} onChange={(e) => void onSave({ limitsFrom: e.target.value ? { from: s.limitsFrom?.from ?? 1, to: Number(e.target.value) } : null })} />)}</Field>
        {s.limitsFrom && <button type="button" className="btn btn-small" onClick={() => void onSave({ limitsFrom: null })}>Clear</button>}
      </div>
      {kpi.points.some((p) => p.partial !== undefined) && (
        <label className="checkbox">
          <input type="checkbox" checked={s.countPartial} onChange={(e) => void onSave({ countPartial: e.target.checked })} />
          Count the partial {'bucket' in kpi.source ? kpi.source.bucket : 'bucket'} in the current value and status (a first or last bucket the data covers only partly; left out by default)
        </label>
      )}
      <HistoricalParameters key={`${s.knownMean}/${s.knownSigma}`} s={s} onSave={onSave} />
      {s.chart === 'cusum' ? <CusumPlan s={s} onSave={onSave} /> : s.chart === 'ewma' ? <EwmaPlan s={s} onSave={onSave} /> : <TestsSection s={s} onSave={onSave} />}
      <ArlPanel s={s} />
    </section>
  );
}

const parseOpt = (v: string) => (v.trim() === '' ? null : Number(v));

/**
 * Historical (known) mean and σ, Minitab's "historical parameters": the centre and limits come from them instead of
 * being estimated from each stage or the Phase I range. σ applies to variables charts only.
 */
function HistoricalParameters({ s, onSave }: { s: ChartSettings; onSave: (patch: Partial<ChartSettings>) => Promise<void> }) {
  const attribute = s.chart === 'p' || s.chart === 'np' || s.chart === 'c' || s.chart === 'u';
  const centre = s.chart === 'p' ? 'p̄' : s.chart === 'np' ? 'n·p̄' : s.chart === 'c' ? 'c̄' : s.chart === 'u' ? 'ū' : 'mean';
  const [mean, setMean] = useState(s.knownMean === null ? '' : String(s.knownMean));
  const [sigma, setSigma] = useState(s.knownSigma === null ? '' : String(s.knownSigma));
  const meanBad = mean.trim() !== '' && !Number.isFinite(Number(mean));
  const sigmaBad = sigma.trim() !== '' && !(Number(sigma) > 0);
  return (
    <>
      <h3>Historical parameters</h3>
      <p className="hint">Known values from an earlier study replace the estimates from the data (Minitab&apos;s historical {attribute ? centre : 'mean and σ'}). Leave empty to estimate {attribute ? 'it' : 'them'} from each stage or the Phase I range.</p>
      <div className="kpi-inline">
        <Field label={`Historical ${centre}`} error={meanBad ? 'Enter a number, or leave empty.' : null}>{(id) => (<input id={id} inputMode="decimal" value={mean} onChange={(e) => setMean(e.target.value)} onBlur={() => !meanBad && parseOpt(mean) !== s.knownMean && void onSave({ knownMean: parseOpt(mean) })} />)}</Field>
        {!attribute && <Field label="Historical σ" error={sigmaBad ? 'Enter a positive number, or leave empty.' : null}>{(id) => (<input id={id} inputMode="decimal" value={sigma} onChange={(e) => setSigma(e.target.value)} onBlur={() => !sigmaBad && parseOpt(sigma) !== s.knownSigma && void onSave({ knownSigma: parseOpt(sigma) })} />)}</Field>}
      </div>
    </>
  );
}

/** EWMA plan: weight λ and limit width L (in σ of the EWMA). */
function EwmaPlan({ s, onSave }: { s: ChartSettings; onSave: (patch: Partial<ChartSettings>) => Promise<void> }) {
  return (
    <>
      <h3>EWMA plan</h3>
      <p className="hint">Each plotted point is zᵢ = λxᵢ + (1 − λ)zᵢ₋₁; the limits are at ± L σ of z. A small λ (0.05–0.2) remembers more and detects small shifts; λ = 1 is an I chart. L = 2.7–3 is usual (Montgomery: λ = 0.1 with L = 2.814 waits ≈ 500 points between false alarms). A point beyond the limits is test 1.</p>
      <div className="kpi-inline">
        <Field label="λ (weight)">{(id) => (<input id={id} type="number" min={0.01} max={1} step={0.05} value={s.lambda} onChange={(e) => Number(e.target.value) > 0 && Number(e.target.value) <= 1 && void onSave({ lambda: Number(e.target.value) })} />)}</Field>
        <Field label="L (limits at ± L σ)">{(id) => (<input id={id} type="number" min={1} max={6} step={0.1} value={s.nsigmas} onChange={(e) => Number(e.target.value) > 0 && Number(e.target.value) <= 6 && void onSave({ nsigmas: Number(e.target.value) })} />)}</Field>
      </div>
    </>
  );
}

/** CUSUM plan: reference value k and decision interval h in σ units (Minitab's defaults 0.5 and 4). */
function CusumPlan({ s, onSave }: { s: ChartSettings; onSave: (patch: Partial<ChartSettings>) => Promise<void> }) {
  return (
    <>
      <h3>CUSUM plan</h3>
      <p className="hint">The chart adds up each point&apos;s distance from the target (the mean of the stage or of the Phase I points), minus an allowance k σ. A sum beyond ±H = h σ is a signal (shown as test 1): the mean has shifted and stayed shifted. k = 0.5 is tuned to a 1 σ shift; a larger h means fewer false alarms but slower detection (Minitab default h = 4; Montgomery uses 5).</p>
      <div className="kpi-inline">
        <Field label="k (allowance, σ)">{(id) => (<input id={id} type="number" min={0} max={5} step={0.25} value={s.cusumK} onChange={(e) => e.target.value !== '' && Number(e.target.value) >= 0 && void onSave({ cusumK: Number(e.target.value) })} />)}</Field>
        <Field label="h (decision interval, σ)">{(id) => (<input id={id} type="number" min={0.5} max={20} step={0.5} value={s.cusumH} onChange={(e) => Number(e.target.value) > 0 && void onSave({ cusumH: Number(e.target.value) })} />)}</Field>
      </div>
    </>
  );
}

/** The eight tests with presets and editable K, and the limit width (Shewhart charts and EWMA). */
function TestsSection({ s, onSave }: { s: ChartSettings; onSave: (patch: Partial<ChartSettings>) => Promise<void> }) {
  const toggleTest = (t: TestNumber, on: boolean) => void onSave({ preset: 'custom', tests: on ? [...s.tests, t].sort() : s.tests.filter((x) => x !== t) });
  const enabled = (t: TestNumber) => (s.preset === 'custom' ? s.tests.includes(t) : s.preset === 'nelson' || (s.preset === 'minitab' ? t === 1 : [1, 2, 5, 6].includes(t)));
  return (
    <>
      <h3>Tests for special causes</h3>
      <Field label="Preset">{(id) => (<select id={id} value={s.preset} onChange={(e) => void onSave({ preset: e.target.value as ChartSettings['preset'] })}>
          {Object.entries(PRESET_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>)}</Field>
      <ul className="kpi-tests">
        {([1, 2, 3, 4, 5, 6, 7, 8] as TestNumber[]).map((t) => (
          <li key={t}>
            <label className="checkbox">
              <input type="checkbox" checked={enabled(t)} onChange={(e) => toggleTest(t, e.target.checked)} />
              {describeTest(t, s.preset === 'we' && t === 2 ? 8 : s.preset === 'custom' ? s.k[t] : DEFAULT_K[t])}
            </label>
            {s.preset === 'custom' && t !== 1 && (
              <input type="number" className="kpi-k" min={t === 3 || t === 4 ? 2 : 1} value={s.k[t]} aria-label={`K for test ${t}`} onChange={(e) => Number(e.target.value) > 0 && void onSave({ k: { ...s.k, [t]: Number(e.target.value) } })} />
            )}
          </li>
        ))}
      </ul>
      <p className="hint">Test 8 follows Minitab&apos;s wording: K points in a row beyond 1 σ on either side, without requiring points on both sides (Nelson and qcc require both). Attribute charts offer tests 1–4; EWMA uses test 1; CUSUM has its own rule (a sum beyond ±H).</p>
      <Field label="Limits at ± K σ">{(id) => (<input id={id} type="number" min={1} max={6} step={0.5} value={s.nsigmas} onChange={(e) => Number(e.target.value) > 0 && void onSave({ nsigmas: Number(e.target.value) })} />)}</Field>
    </>
  );
}
