import { useEffect, useRef, useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { navigate, useRoute } from '../../router';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';
import { ClickHouseLinkDialog } from './ClickHouseLinkDialog';
import { LinkFileDialog } from './LinkFileDialog';
import { ColumnChart } from './ColumnChart';
import { columnChartHref, columnChartLink } from './columnChartForm';
import { formatCount } from './format';
import { ImportWizard } from './ImportWizard';
import type { PickedFile } from './ImportWizard';
import { ProfilePanel } from './ProfilePanel';
import { VersionsPanel } from './VersionsPanel';
import { PersonalColumns } from './PersonalColumns';
import { VirtualTable } from './VirtualTable';
import './data.css';

const ACCEPT = '.csv,.tsv,.tab,.txt,.json,.jsonl,.ndjson,.xlsx';
type Tab = 'table' | 'profile' | 'versions' | 'chart';

function DatasetView({ eventId, datasetId, onDeleted }: { eventId: string; datasetId: string; onDeleted: () => void }) {
  useRoute();
  // A chart link (#/event/<id>/data/<dataset>/chart/<column>) opens the Control chart tab with that column.
  const link = columnChartLink(window.location.hash);
  const linkKey = link ? JSON.stringify(link) : null;
  const [tab, setTab] = useState<Tab>(link ? 'chart' : 'table');
  useEffect(() => {
    if (linkKey) setTab('chart');
  }, [linkKey]);
  const choose = (t: Tab) => {
    setTab(t);
    if (t !== 'chart' && linkKey) navigate({ page: 'event', eventId, section: 'data', sub: datasetId });
  };
  const [confirm, setConfirm] = useState(false);
  const bump = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const info = useCall('dataset-get', { datasetId }, ['datasets']);
  // Linked datasets (rows read in place): the badge shows where; an imported one answers NOT_FOUND, shown as nothing.
  const linkInfo = useCall('source-info', { id: datasetId }, ['datasets']);
  const profile = useCall('dataset-profile', tab === 'profile' ? { datasetId } : null, ['datasets']);
  const versions = useCall('dataset-versions', tab === 'versions' ? { datasetId } : null, ['datasets']);
  if (info.error) return <p className="error-banner">{info.error}</p>;
  const d = info.data;
  if (!d) return <p className="muted">Loading…</p>;
  const tabs: [Tab, string][] = [
    ['table', 'Rows'],
    ['profile', 'Column profile'],
    ['versions', 'Versions & lineage'],
    ['chart', 'Control chart'],
  ];
  return (
    <section className="card" aria-labelledby="ds-h">
      <div className="wizard-head">
        <h2 id="ds-h">
          {d.name} <span className="badge">v{d.version}</span> <span className="badge">{formatCount(d.rowCount)} rows</span>
          {linkInfo.data && <span className="badge" title={linkInfo.data.location}>linked: {linkInfo.data.location}</span>}
        </h2>
        <div className="ds-actions">
          <button type="button" className="btn btn-small" onClick={() => choose('chart')}>
            Chart a column…
          </button>
          <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setConfirm(true)}>
            Delete dataset…
          </button>
        </div>
      </div>
      {confirm && (
        <ConfirmDialog
          title={`Delete “${d.name}”?`}
          message={`All ${d.version} versions, their rows and quarantine are removed. Charts and KPIs that use this dataset lose their data. The deletion is recorded in the change log.`}
          confirmLabel="Delete dataset"
          danger
          onCancel={() => setConfirm(false)}
          onConfirm={() => {
            setConfirm(false);
            call('dataset-delete', { datasetId: d.id }).then(
              () => {
                bump('datasets');
                toast({ kind: 'info', message: `Deleted ${d.name}.` });
                onDeleted();
              },
              (e: unknown) => toast({ kind: 'error', message: errorMessage(e) }),
            );
          }}
        />
      )}
      <div className="tabs" role="tablist" aria-label="Dataset views">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" id={`ds-tab-${id}`} aria-selected={tab === id} aria-controls={`ds-panel-${id}`} onClick={() => choose(id)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`ds-panel-${tab}`} aria-labelledby={`ds-tab-${tab}`}>
        {tab === 'table' &&
          (linkInfo.data ? (
            <p className="muted" role="note">
              The rows of a linked dataset stay in {linkInfo.data.location}; they are read where they are when a KPI,
              chart or analysis needs them, and not paged here. Import the file to browse its rows.
            </p>
          ) : (
            <VirtualTable datasetId={d.id} version={d.version} columns={d.columns} total={d.rowCount} />
          ))}
        {tab === 'profile' && <PersonalColumns datasetId={d.id} columns={d.columns} />}
        {tab === 'profile' && (profile.data ? <ProfilePanel columns={profile.data.columns} chartHref={(column) => columnChartHref(eventId, d.id, { column })} /> : <p className="muted">{profile.error ?? 'Loading…'}</p>)}
        {tab === 'versions' && (versions.data ? <VersionsPanel versions={versions.data} /> : <p className="muted">{versions.error ?? 'Loading…'}</p>)}
        {tab === 'chart' && <ColumnChart key={linkKey ?? ''} dataset={d} link={link ?? {}} />}
      </div>
    </section>
  );
}

/** The Data page: datasets with versions, rows and warnings; import by file picker or drag and drop. */
export function DataPage({ event, sub }: SectionProps) {
  const list = useCall('dataset-list', { eventId: event.id }, ['datasets']);
  const toast = useAppStore((s) => s.toast);
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [dragging, setDragging] = useState(false);
  const [linkingClickHouse, setLinkingClickHouse] = useState(false);
  const [linkingFile, setLinkingFile] = useState(false);
  const bumpData = useAppStore((s) => s.bumpData);
  const input = useRef<HTMLInputElement>(null);
  const selected = sub ?? list.data?.[0]?.id ?? null;

  useEffect(() => {
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
    };
    const enter = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      const f = e.dataTransfer?.files?.[0];
      depth = 0;
      setDragging(false);
      if (!f) return;
      e.preventDefault();
      setPicked({ file: f });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const choose = async () => {
    if (window.kaizen) {
      try {
        const r = await call('dialog-open-file', { title: 'Import data', filters: [{ name: 'Data files', extensions: ['csv', 'tsv', 'json', 'jsonl', 'xlsx'] }] });
        if (!r.canceled && r.handle && r.name) setPicked({ handle: r.handle, name: r.name });
        return;
      } catch (e) {
        toast({ kind: 'error', message: errorMessage(e) });
      }
    }
    input.current?.click();
  };

  const closeWizard = (datasetId: string | null) => {
    setPicked(null);
    if (datasetId) navigate({ page: 'event', eventId: event.id, section: 'data', sub: datasetId });
  };

  return (
    <div className="data-page">
      {dragging && <div className="data-drop-overlay">Drop the file to import it</div>}
      <div className="data-head">
        <div>
          <h2>Datasets</h2>
          <p className="lead">The team’s own logs: inference requests, pipeline runs, model metrics. Every number in this event comes from here.</p>
        </div>
        <div>
          <input ref={input} type="file" accept={ACCEPT} className="visually-hidden" data-testid="file-input" aria-label="Choose a file to import" tabIndex={-1} onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) setPicked({ file: f });
            e.target.value = '';
          }} />
          <button type="button" className="btn btn-primary" onClick={() => void choose()}>
            Import file…
          </button>{' '}
          <button type="button" className="btn" onClick={() => setLinkingFile(true)}>
            Link a large file…
          </button>{' '}
          <button type="button" className="btn" onClick={() => setLinkingClickHouse(true)}>
            Link a ClickHouse table…
          </button>
        </div>
      </div>
      {linkingFile && (
        <LinkFileDialog
          eventId={event.id}
          onClose={(datasetId) => {
            setLinkingFile(false);
            if (datasetId) {
              bumpData('datasets');
              navigate({ page: 'event', eventId: event.id, section: 'data', sub: datasetId });
            }
          }}
        />
      )}
      {linkingClickHouse && (
        <ClickHouseLinkDialog
          eventId={event.id}
          onClose={(datasetId) => {
            setLinkingClickHouse(false);
            if (datasetId) {
              bumpData('datasets');
              navigate({ page: 'event', eventId: event.id, section: 'data', sub: datasetId });
            }
          }}
        />
      )}
      {picked && <ImportWizard key={'file' in picked ? `${picked.file.name}:${picked.file.size}:${picked.file.lastModified}` : picked.handle} eventId={event.id} picked={picked} onClose={closeWizard} />}
      {list.error && <p className="error-banner">{list.error}</p>}
      {list.data && list.data.length === 0 && !picked && (
        <EmptyState title="No data yet" action={<button type="button" className="btn btn-primary" onClick={() => void choose()}>Import file…</button>}>
          Import a CSV of inference requests, pipeline runs or model metrics — drag it onto the window or choose a file. CSV, TSV, JSON, JSON Lines and XLSX work; you check the column types before anything is saved.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <table className="dataset-table" data-testid="dataset-list">
          <caption className="visually-hidden">Datasets of this event</caption>
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col">Version</th>
              <th scope="col" className="num">Rows</th>
              <th scope="col" className="num">Columns</th>
              <th scope="col" className="num">Rejected</th>
              <th scope="col">Warnings</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.id} className={d.id === selected ? 'selected' : undefined}>
                <td>
                  <a href={`#/event/${encodeURIComponent(event.id)}/data/${encodeURIComponent(d.id)}`} aria-current={d.id === selected ? 'true' : undefined}>
                    {d.name}
                  </a>
                </td>
                <td>v{d.version}</td>
                <td className="num">{formatCount(d.rowCount)}</td>
                <td className="num">{d.columns.length}</td>
                <td className="num">{formatCount(d.rejectedCount)}</td>
                <td>{d.warningCount === 0 ? 'none' : `⚠ ${d.warningCount}`}</td>
                <td>{d.fileName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && list.data?.some((d) => d.id === selected) && <DatasetView key={selected} eventId={event.id} datasetId={selected} onDeleted={() => navigate({ page: 'event', eventId: event.id, section: 'data' })} />}
    </div>
  );
}
