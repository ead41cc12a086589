import type { ExportProgress } from './useExport';

const LABELS: Readonly<Record<string, string>> = {
  pdf: 'PDF report', html: 'HTML report', xlsx: 'Excel workbook', csv: 'CSV tables', 'a3-pdf': 'A3 PDF', 'a3-html': 'A3 HTML', svg: 'SVG charts', png: 'PNG charts',
  'review-pdf': 'review report (PDF)', 'review-html': 'review report (HTML)',
};

/** The running export: what is happening, how far, and a Cancel button (Escape-free, keyboard reachable). */
export function ExportBar({ progress, onCancel }: { progress: ExportProgress | null; onCancel: () => void }) {
  if (!progress) return null;
  // Steps finished so far: the bar never shows 100 % while the last step (often the PDF) is still running.
  const pct = progress.total ? Math.round((100 * Math.min(progress.done, progress.total)) / progress.total) : undefined;
  return (
    <div className="report-progress card" role="status" aria-live="polite" data-testid="report-progress">
      <div className="report-progress-text">
        <strong>Exporting {LABELS[progress.format] ?? progress.format}…</strong> <span>{progress.message}</span>
      </div>
      <progress max={100} value={pct} aria-label="Export progress">{pct !== undefined ? `${pct} %` : ''}</progress>
      <button type="button" className="btn btn-small" onClick={onCancel}>Cancel</button>
    </div>
  );
}
