import { useEffect, useMemo, useState } from 'react';
import type { GatewayReport } from '../../../../common/contract/schemas/ops';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { useFormats } from '../../format';
import type { SectionProps } from '../sectionProps';
import { FeedbackPanel } from './FeedbackPanel';
import { IntegrationChecklist } from './IntegrationChecklist';
import { SlaRegister } from './SlaRegister';
import { WhatIfs } from './WhatIfs';
import { guessColumns, isGatewayLog } from './gatewayColumns';
import type { GatewayCols } from './gatewayColumns';
import './ops.css';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const COLUMN_LABELS: Record<keyof GatewayCols, string> = { time: 'Time', client: 'Client', endpoint: 'Endpoint', status: 'Status', version: 'API version', latency: 'Latency', responseBytes: 'Response bytes', cause: 'Upstream / stage' };

function Heatmap({ report }: { report: GatewayReport }) {
  const [client, setClient] = useState(report.heatmap[0]?.client ?? '');
  const row = report.heatmap.find((h) => h.client === client) ?? report.heatmap[0];
  if (!row) return null;
  const max = Math.max(1, ...row.cells);
  return (
    <div>
      <div className="field ops-inline">
        <label htmlFor="heat-client">Traffic by hour of week (UTC) for</label>
        <select id="heat-client" value={row.client} onChange={(e) => setClient(e.target.value)}>{report.heatmap.map((h) => <option key={h.client} value={h.client}>{h.client}</option>)}</select>
      </div>
      <table className="ops-heat" aria-label={`Requests of ${row.client} by weekday and hour`}>
        <thead><tr><th scope="col"><span className="visually-hidden">Day</span></th>{Array.from({ length: 24 }, (_, h) => <th key={h} scope="col">{h % 3 === 0 ? h : ''}</th>)}</tr></thead>
        <tbody>
          {DAYS.map((d, di) => (
            <tr key={d}><th scope="row">{d}</th>{row.cells.slice(di * 24, di * 24 + 24).map((n, h) => <td key={h} title={`${d} ${h}:00 — ${n} requests`} style={{ opacity: 0.15 + (0.85 * n) / max }} className="ops-heat-cell">{n > 0 ? '' : ''}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Gateway & SLAs: the gateway log's error rates, versions and traffic, the what-ifs, the SLA register and the integration checklist. */
export function GatewayPage({ event }: SectionProps) {
  const f = useFormats();
  const list = useCall('dataset-list', { eventId: event.id }, ['datasets']);
  const datasets = useMemo(() => list.data ?? [], [list.data]);
  const [chosen, setChosen] = useState<string | null>(null);
  const ds = datasets.find((d) => d.id === chosen) ?? datasets.find(isGatewayLog);
  const [cols, setCols] = useState<GatewayCols | null>(null);
  useEffect(() => setCols(ds ? guessColumns(ds) : null), [ds]);
  const [report, setReport] = useState<GatewayReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setReport(null);
    if (!ds || !cols || !cols.time || !cols.client || !cols.endpoint || !cols.status) return;
    let live = true;
    call('ops-gateway', { datasetId: ds.id, time: cols.time, client: cols.client, endpoint: cols.endpoint, status: cols.status, version: cols.version || undefined, latency: cols.latency || undefined, responseBytes: cols.responseBytes || undefined }).then(
      (r) => live && (setReport(r), setProblem(null)),
      (e) => live && setProblem(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [ds, cols]);
  return (
    <div className="ops-page">
      {list.error && <p className="error-banner" role="alert">{list.error}</p>}
      {datasets.length === 0 && list.data ? (
        <EmptyState title="No gateway log yet">Import a CSV of the API gateway's requests (time, client, endpoint, API version, status, latency, bytes) on the Data page to see error rates, versions and the what-ifs.</EmptyState>
      ) : (
        <section className="card" aria-label="Gateway log">
          <div className="ops-inline">
            <div className="field">
              <label htmlFor="gw-dataset">Gateway log</label>
              <select id="gw-dataset" value={ds?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>{datasets.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}</select>
            </div>
            {ds && cols && (Object.keys(COLUMN_LABELS) as (keyof GatewayCols)[]).map((k) => (
              <div className="field" key={k}>
                <label htmlFor={`gw-col-${k}`}>{COLUMN_LABELS[k]}</label>
                <select id={`gw-col-${k}`} value={cols[k]} onChange={(e) => setCols({ ...cols, [k]: e.target.value })}>
                  <option value="">—</option>
                  {ds.columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
                </select>
              </div>
            ))}
          </div>
          {problem && <p className="error-banner" role="alert">{problem}</p>}
          {report && (
            <div data-testid="gateway-report">
              <p className="ops-answer">{f.count(report.requests)} requests {f.date(report.from)} – {f.date(report.to)}; error rate {f.percent(report.errorRate, 2)} (5xx and timeouts; 4xx counted apart)</p>
              <div className="ops-two">
                <table className="ops-table"><caption>Errors by endpoint</caption>
                  <thead><tr><th>Endpoint</th><th>Requests</th><th>Errors</th><th>4xx</th><th>Error rate</th></tr></thead>
                  <tbody>{report.byEndpoint.map((r) => <tr key={r.key}><td>{r.key}</td><td>{f.count(r.requests)}</td><td>{f.count(r.errors)}</td><td>{f.count(r.clientErrors)}</td><td>{f.percent(r.errorRate, 2)}</td></tr>)}</tbody>
                </table>
                <table className="ops-table"><caption>Errors by client</caption>
                  <thead><tr><th>Client</th><th>Requests</th><th>Errors</th><th>4xx</th><th>Error rate</th></tr></thead>
                  <tbody>{report.byClient.map((r) => <tr key={r.key}><td>{r.key}</td><td>{f.count(r.requests)}</td><td>{f.count(r.errors)}</td><td>{f.count(r.clientErrors)}</td><td>{f.percent(r.errorRate, 2)}</td></tr>)}</tbody>
                </table>
              </div>
              <div className="ops-two">
                <table className="ops-table"><caption>API versions per client (who still calls v1)</caption>
                  <thead><tr><th>Client</th><th>Versions (share, last day called)</th></tr></thead>
                  <tbody>{report.versionsByClient.map((c) => <tr key={c.client}><td>{c.client}</td><td>{c.versions.map((v) => `${v.version} ${f.percent(v.share, 0)} (last ${v.lastDay})`).join(' · ')}</td></tr>)}</tbody>
                </table>
                <table className="ops-table"><caption>Latency by response size</caption>
                  <thead><tr><th>Response bytes</th><th>Requests</th><th>p50</th><th>p95</th></tr></thead>
                  <tbody>{report.latencyByPayload.map((b) => <tr key={b.from}><td>{f.count(b.from)}–{f.count(b.to)}</td><td>{f.count(b.requests)}</td><td>{b.latencyP50 === null ? '—' : `${f.count(b.latencyP50)} ms`}</td><td>{b.latencyP95 === null ? '—' : `${f.count(b.latencyP95)} ms`}</td></tr>)}</tbody>
                </table>
              </div>
              <p className="muted">Status classes: {report.byStatusClass.map((s) => `${s.statusClass} ${f.percent(s.share, 1)}`).join(' · ')}{report.payload ? ` · response size p50 ${f.count(report.payload.response.p50)} B, p95 ${f.count(report.payload.response.p95)} B` : ''}</p>
              <Heatmap report={report} />
            </div>
          )}
        </section>
      )}
      {ds && cols && cols.time && cols.client && cols.endpoint && cols.status && <WhatIfs datasetId={ds.id} cols={cols} />}
      {datasets.length > 1 && <FeedbackPanel eventId={event.id} datasets={datasets} />}
      <SlaRegister eventId={event.id} datasetId={ds?.id ?? null} cols={cols} />
      <IntegrationChecklist eventId={event.id} />
    </div>
  );
}
