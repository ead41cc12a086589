import { useMemo, useState } from 'react';
import type { ControlledChange, LogEntry } from '../../../../common/contract/schemas/governance';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown } from '../../api/useChange';
import { downloadBlob } from '../../export/download';
import { EmptyState } from '../../components/EmptyState';
import type { SectionProps } from '../sectionProps';
import { ChangeForm } from './ChangeForm';
import { StatusPill } from './SignoffsPanel';

/** Every area whose writes land in the change log: the list refetches when any of them changes. */
export const LOGGED_AREAS = ['governance', 'decisions', 'kpis', 'datasets', 'analysis', 'events', 'registry', 'signoffs', 'freeze', 'dpa', 'votes'] as const;

const AREA_LABELS: Readonly<Record<string, string>> = {
  'controlled-change': 'Controlled change',
  decision: 'Decision',
  kpi: 'KPI',
  dataset: 'Dataset',
  analysis: 'Analysis',
  event: 'Event',
  facilitator: 'Facilitator',
  passphrase: 'Passphrase',
  'vote-session': 'Vote',
};
const areaLabel = (a: string) => AREA_LABELS[a] ?? a.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

type Filters = { area: string; actor: string; text: string; from: string; to: string };
const NO_FILTERS: Filters = { area: '', actor: '', text: '', from: '', to: '' };

/** The event's change log: chain status, filters, the entries, recording controlled changes and corrections, exports. */
export function ChangeLogPanel({ event }: SectionProps) {
  const log = useCall('governance-log-list', { eventId: event.id }, LOGGED_AREAS);
  const chain = useCall('governance-chain-status', {}, LOGGED_AREAS);
  const changes = useCall('governance-change-list', { eventId: event.id }, ['governance']);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [formOpen, setFormOpen] = useState(false);
  const [correcting, setCorrecting] = useState<ControlledChange | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const entries = useMemo(() => [...(log.data ?? [])].reverse(), [log.data]);
  const areas = useMemo(() => [...new Set(entries.map((e) => e.area))].sort(), [entries]);
  const actors = useMemo(() => [...new Set(entries.map((e) => e.actor))].sort(), [entries]);
  const shown = entries.filter((e) => matches(e, filters));
  const changeById = new Map((changes.data ?? []).map((c) => [c.id, c]));
  const set = (p: Partial<Filters>) => setFilters({ ...filters, ...p });

  const exportAs = async (format: 'csv' | 'json') => {
    setExportError(null);
    const file = await call('governance-log-export', { eventId: event.id, format }).catch((e: unknown) => {
      setExportError(e instanceof Error ? e.message : String(e));
      return alreadyShown();
    });
    if (file) downloadBlob(file.fileName, new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
  };
  const startCorrection = (id: string) => {
    const c = changeById.get(id);
    if (!c) return;
    setCorrecting(c);
    setFormOpen(true);
  };

  return (
    <div className="gov-log">
      {chain.data && (
        <p className={chain.data.intact ? 'gov-chain gov-chain-ok' : 'gov-chain gov-chain-broken'} role={chain.data.intact ? 'status' : 'alert'} data-testid="chain-status">
          <strong>{chain.data.intact ? 'Tamper check: ' : 'Tamper check failed: '}</strong>
          {chain.data.message}
        </p>
      )}
      {(log.error ?? chain.error) && <p className="error-banner" role="alert">{log.error ?? chain.error}</p>}
      <div className="gov-toolbar">
        <button type="button" className="btn btn-primary" aria-expanded={formOpen} onClick={() => { setCorrecting(null); setFormOpen(!formOpen || correcting !== null); }}>
          Record a change
        </button>
        <span className="gov-spacer" />
        <button type="button" className="btn" onClick={() => void exportAs('csv')}>Export CSV for auditors</button>
        <button type="button" className="btn" onClick={() => void exportAs('json')}>Export JSON</button>
      </div>
      {exportError && <p className="error-banner" role="alert">{exportError}</p>}
      {formOpen && (
        <ChangeForm
          key={correcting?.id ?? 'new'}
          eventId={event.id}
          correcting={correcting}
          onDone={() => { setFormOpen(false); setCorrecting(null); }}
        />
      )}
      <fieldset className="gov-filters">
        <legend>Filter the log</legend>
        <div className="field"><label htmlFor="f-area">Area</label>
          <select id="f-area" value={filters.area} onChange={(e) => set({ area: e.target.value })}>
            <option value="">All areas</option>
            {areas.map((a) => <option key={a} value={a}>{areaLabel(a)}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="f-actor">Actor</label>
          <select id="f-actor" value={filters.actor} onChange={(e) => set({ actor: e.target.value })}>
            <option value="">Everyone</option>
            {actors.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="f-text">Text</label><input id="f-text" type="search" value={filters.text} onChange={(e) => set({ text: e.target.value })} /></div>
        <div className="field"><label htmlFor="f-from">From</label><input id="f-from" type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} /></div>
        <div className="field"><label htmlFor="f-to">To</label><input id="f-to" type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} /></div>
        {filters !== NO_FILTERS && <button type="button" className="btn btn-small gov-clear" onClick={() => setFilters(NO_FILTERS)}>Clear filters</button>}
      </fieldset>
      {log.data && log.data.length === 0 ? (
        <EmptyState title="Nothing in the change log yet">
          Decisions, KPI targets, dataset imports and controlled changes are written here as they happen, each chained to the one before so later edits show. Record a change to start.
        </EmptyState>
      ) : shown.length === 0 && log.data ? (
        <p className="muted" role="status">No entry matches these filters.</p>
      ) : (
        <table className="gov-table gov-entries">
          <caption className="visually-hidden">Change-log entries, newest first ({shown.length} of {entries.length})</caption>
          <thead>
            <tr><th scope="col">#</th><th scope="col">Time (UTC)</th><th scope="col">Actor</th><th scope="col">Area</th><th scope="col">What</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const c = e.area === 'controlled-change' ? changeById.get(e.entityId) : undefined;
              return (
                <tr key={e.seq} data-testid="log-entry" className={c?.correctedById ? 'gov-superseded' : undefined}>
                  <td className="gov-seq">{e.seq}</td>
                  <td className="gov-time">{time(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{areaLabel(e.area)} <span className="muted">{e.action}</span></td>
                  <td className="gov-what">
                    <div>{e.summary}</div>
                    {e.reason && <div className="muted">Why: {e.reason}</div>}
                    {c && <div className="muted">Requested by {c.requesterName}, approved by {c.approverName}{c.ticketRef ? ` · ${c.ticketRef}` : ''}{c.actualDate ? ` · done ${c.actualDate}` : c.plannedDate ? ` · planned ${c.plannedDate}` : ''}{c.freeze && <> <span className="freeze-badge" title={c.freeze.reason}>Freeze: {c.freeze.name}</span></>}{c.signoff && c.signoff !== 'none' && <> <StatusPill status={c.signoff} prefix="Sign-off: " /></>}</div>}
                    {c?.correctsId && <div className="gov-ref">Corrects an earlier entry</div>}
                    {c?.correctedById && <div className="gov-ref">Superseded by a correction</div>}
                  </td>
                  <td>{c && !c.correctedById && <button type="button" className="btn btn-small" onClick={() => startCorrection(c.id)} aria-label={`Correct entry ${e.seq}`}>Correct</button>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function matches(e: LogEntry, f: Filters): boolean {
  if (f.area && e.area !== f.area) return false;
  if (f.actor && e.actor !== f.actor) return false;
  const day = e.at.slice(0, 10);
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (![e.summary, e.reason, e.actor, e.action, e.area].some((t) => t.toLowerCase().includes(needle))) return false;
  }
  return true;
}
