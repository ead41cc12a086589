import { useState } from 'react';
import { SLA_METRIC_KINDS, SLA_METRIC_LABELS } from '../../../../common/contract/schemas/ops';
import type { SlaEntry, SlaFields } from '../../../../common/contract/schemas/ops';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { newId, useChange } from '../../api/useChange';
import { useFormats } from '../../format';
import type { GatewayCols } from './gatewayColumns';

const AREAS = ['ops'] as const;

function fieldsOf(s: SlaEntry): SlaFields {
  return { subjectKind: s.subjectKind, subject: s.subject, metric: s.metric, target: s.target, unit: s.unit, window: s.window, signed: s.signed, owner: s.owner, notes: s.notes, source: s.source };
}

/** The SLA register: per provider / endpoint the metric, target and window, and its compliance from the log. */
export function SlaRegister({ eventId, datasetId, cols }: { eventId: string; datasetId: string | null; cols: GatewayCols | null }) {
  const f = useFormats();
  const { data } = useCall('ops-sla-list', { eventId }, AREAS);
  const ops = useChange(AREAS);
  const [subject, setSubject] = useState('');
  const [kind, setKind] = useState<'endpoint' | 'provider'>('endpoint');
  const [metric, setMetric] = useState<SlaFields['metric']>('availability');
  const [target, setTarget] = useState('0.99');
  const [window, setWindow] = useState<'day' | 'week'>('day');
  const add = () => {
    const id = newId();
    const source = datasetId && cols?.time && cols.endpoint && kind === 'endpoint'
      ? { datasetId, time: cols.time, status: metric === 'availability' ? cols.status : undefined, value: metric === 'availability' ? undefined : cols.latency, cause: cols.cause || undefined, match: { column: cols.endpoint, value: subject.trim() } }
      : null;
    ops.act({ label: 'add SLA', run: () => call('ops-sla-add', { eventId, id, entry: { subjectKind: kind, subject: subject.trim(), metric, target: Number(target), window, source } }), undo: () => call('ops-sla-remove', { id }) });
    setSubject('');
  };
  const value = (s: SlaEntry, v: number) => (s.metric === 'availability' ? f.percent(v, 2) : `${f.count(v)} ${s.unit || 'ms'}`);
  return (
    <section className="card" aria-label="SLA register">
      <h2>SLA register</h2>
      <table className="ops-table" data-testid="sla-table">
        <thead><tr><th>Provider / endpoint</th><th>Metric</th><th>Target</th><th>Window</th><th>Signed</th><th>Compliance</th><th>Breach minutes by cause (Pareto)</th><th><span className="visually-hidden">Remove</span></th></tr></thead>
        <tbody>
          {data?.map((s) => (
            <tr key={s.id} data-testid="sla-row">
              <td>{s.subject} <span className="muted">({s.subjectKind})</span></td>
              <td>{SLA_METRIC_LABELS[s.metric]}</td>
              <td>{s.metric === 'availability' ? f.percent(s.target, 2) : `≤ ${f.count(s.target)} ${s.unit || 'ms'}`}</td>
              <td>per {s.window}</td>
              <td>{s.signed ? 'signed' : 'draft'}</td>
              <td>
                {s.error ? <span className="field-error">{s.error}</span> : s.status ? (
                  <span title={s.status.windows.map((w) => `${w.start}: ${value(s, w.value)} ${w.met ? 'met' : 'missed'}`).join('\n')}>
                    {f.percent(s.status.compliance, 0)} of {s.status.windows.length} {s.window}s met
                    {s.status.windows.some((w) => !w.met) && <> · missed {s.status.windows.filter((w) => !w.met).slice(0, 3).map((w) => w.start).join(', ')}{s.status.windows.filter((w) => !w.met).length > 3 ? ' …' : ''}</>}
                  </span>
                ) : <span className="muted">no log linked</span>}
              </td>
              <td>{s.status?.breaches ? (s.status.breaches.pareto.length ? s.status.breaches.pareto.map((p) => `${p.cause} ${p.minutes} min (${f.percent(p.cumulativeShare, 0)} cum.)`).join(' · ') : 'none') : '—'}</td>
              <td>
                <button type="button" className="btn btn-small btn-danger-outline" aria-label={`Remove SLA ${s.subject} ${s.metric}`}
                  onClick={() => ops.act({ label: 'remove SLA', run: () => call('ops-sla-remove', { id: s.id }), undo: () => call('ops-sla-add', { eventId, id: s.id, entry: fieldsOf(s), position: s.position }) })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="ops-inline" aria-label="Add an SLA" onSubmit={(e) => { e.preventDefault(); if (subject.trim()) add(); }}>
        <div className="field"><label htmlFor="sla-kind">Kind</label>
          <select id="sla-kind" value={kind} onChange={(e) => setKind(e.target.value as 'endpoint' | 'provider')}><option value="endpoint">Own endpoint</option><option value="provider">Upstream provider</option></select></div>
        <div className="field"><label htmlFor="sla-subject">Endpoint or provider</label><input id="sla-subject" value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} placeholder="/score" /></div>
        <div className="field"><label htmlFor="sla-metric">Metric</label>
          <select id="sla-metric" value={metric} onChange={(e) => setMetric(e.target.value as SlaFields['metric'])}>{SLA_METRIC_KINDS.map((m) => <option key={m} value={m}>{SLA_METRIC_LABELS[m]}</option>)}</select></div>
        <div className="field"><label htmlFor="sla-target">Target</label><input id="sla-target" type="number" step="any" value={target} onChange={(e) => setTarget(e.target.value)} /></div>
        <div className="field"><label htmlFor="sla-window">Window</label>
          <select id="sla-window" value={window} onChange={(e) => setWindow(e.target.value as 'day' | 'week')}><option value="day">day</option><option value="week">week</option></select></div>
        <button type="submit" className="btn" disabled={!subject.trim()}>Add SLA</button>
      </form>
      <p className="muted">Availability targets are shares (0.99 = 99 %); an endpoint's SLA is computed from the chosen log's rows for that endpoint, each breach minute blamed on the upstream that failed most in it.</p>
    </section>
  );
}
