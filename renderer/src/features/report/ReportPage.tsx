import { useEffect, useState } from 'react';
import type { ReportFormat } from '../../../../common/contract/schemas/reports';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import type { SectionProps } from '../sectionProps';
import { ExportBar } from './ExportBar';
import { useExport } from './useExport';
import { fileStem } from '../../../../common/domain/text/fileStem';
import './report.css';

type Choice = Readonly<{ format: ReportFormat; label: string; hint: string }>;

const REPORT_FORMATS: readonly Choice[] = [
  { format: 'pdf', label: 'PDF report', hint: 'To mail to managers: cover, contents, page numbers.' },
  { format: 'html', label: 'HTML report', hint: 'One file that opens in any browser, offline.' },
  { format: 'xlsx', label: 'Excel workbook', hint: 'One sheet per table, typed cells.' },
  { format: 'csv', label: 'CSV tables', hint: 'One UTF-8 file per table.' },
];
const CHART_FORMATS: readonly Choice[] = [
  { format: 'svg', label: 'Charts as SVG', hint: 'Vector images for slides and documents.' },
  { format: 'png', label: 'Charts as PNG', hint: 'Pictures at twice screen resolution.' },
];

/** Report: choose the sections, then export the full report and its data in the format the audience needs. */
export function ReportPage({ event }: SectionProps) {
  const { data, error } = useCall('report-sections', { eventId: event.id }, ['reports']);
  const { progress, run, cancel } = useExport(event.id, fileStem(event.name));
  const ops = useChange(['reports']);
  const [bom, setBom] = useState<boolean | null>(null);
  // The choice shows at once; the saved settings replace it when the refetch arrives.
  const [local, setLocal] = useState<string[] | null>(null);
  useEffect(() => setLocal(null), [data]);

  if (error) return <EmptyState title="Report settings could not be loaded">{error}</EmptyState>;
  if (!data) return <p className="muted">Loading…</p>;
  const all = data.available.map((s) => s.id);
  const chosen = local ?? data.settings.sections ?? all;
  const useBom = bom ?? data.settings.bom;
  const hasCharts = data.available.some((s) => s.charts && chosen.includes(s.id));

  const save = (patch: { sections?: string[]; bom?: boolean }) => ops.save(() => call('report-settings-update', { eventId: event.id, patch })).catch(alreadyShown);
  const choose = (sections: string[]) => {
    setLocal(sections);
    void save({ sections });
  };
  const toggle = (id: string, on: boolean) => choose(all.filter((s) => (s === id ? on : chosen.includes(s))));

  return (
    <div className="report-page">
      <p className="lead">
        Reports are built from what the team recorded in this event. Pick the sections, then export: nothing leaves
        this computer, and the files need no internet to open.
      </p>
      <ExportBar progress={progress} onCancel={cancel} />
      <div className="report-grid">
        <section className="card" aria-labelledby="rep-sections">
          <h2 id="rep-sections">Sections</h2>
          <p className="hint">The cover (event, dates, team, generation time, app version, event id) and the contents page are always included.</p>
          <ul className="report-sections">
            {data.available.map((s) => (
              <li key={s.id}>
                <label className="checkbox">
                  <input type="checkbox" checked={chosen.includes(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
                  {s.title}
                </label>
                <small className="hint">{s.description}</small>
              </li>
            ))}
          </ul>
          <div className="report-row">
            <button type="button" className="btn btn-small" onClick={() => choose(all)}>Select all</button>
            <button type="button" className="btn btn-small" onClick={() => choose([])}>Select none</button>
          </div>
          {chosen.length === 0 && <p className="warning">No section is chosen: the report will have only its cover.</p>}
        </section>
        <section className="card" aria-labelledby="rep-export">
          <h2 id="rep-export">Export</h2>
          <ul className="report-formats">
            {[...REPORT_FORMATS, ...(hasCharts ? CHART_FORMATS : [])].map((c) => (
              <li key={c.format}>
                <button type="button" className="btn btn-primary" disabled={progress !== null} onClick={() => void run(c.format, { bom: c.format === 'csv' ? useBom : undefined })}>
                  {c.label}
                </button>
                <small className="hint">{c.hint}</small>
              </li>
            ))}
          </ul>
          <label className="checkbox">
            <input type="checkbox" checked={useBom} onChange={(e) => { setBom(e.target.checked); void save({ bom: e.target.checked }); }} />
            CSV: add a byte-order mark so Excel shows accents correctly
          </label>
          <p className="hint">Spreadsheet cells that start with = + − @ are saved as text, so no formula from the data can run.</p>
          <h3>A3 summary</h3>
          <p className="hint">One landscape page for the wall and the 30/60/90-day reviews. <a href={`#/event/${encodeURIComponent(event.id)}/a3`}>Edit the A3</a> before exporting.</p>
          <div className="report-row">
            <button type="button" className="btn" disabled={progress !== null} onClick={() => void run('a3-pdf')}>A3 PDF</button>
            <button type="button" className="btn" disabled={progress !== null} onClick={() => void run('a3-html')}>A3 HTML</button>
          </div>
        </section>
      </div>
    </div>
  );
}
