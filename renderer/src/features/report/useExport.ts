import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportFormat } from '../../../../common/contract/schemas/reports';
import { AppError } from '../../../../common/contract/errors';
import { call, errorMessage, onPush } from '../../api/client';
import { useAppStore } from '../../store';
import { formatBytes, saveBase64 } from './download';

export type ExportProgress = Readonly<{ format: ReportFormat; done: number; total: number | null; message: string }>;

const EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  pdf: 'pdf', html: 'html', xlsx: 'xlsx', csv: 'csv', 'a3-pdf': 'pdf', 'a3-html': 'html', svg: 'svg', png: 'png', 'review-pdf': 'pdf', 'review-html': 'html',
};
const MULTI: readonly ReportFormat[] = ['csv', 'svg', 'png'];

/**
 * Runs one export at a time with a progress bar and Cancel. In the desktop app it asks where to save and main
 * writes the file (atomically); in browser mode main returns the bytes and the browser downloads them.
 */
export function useExport(eventId: string, fileStem: string) {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const jobRef = useRef<string | null>(null);
  const runRef = useRef<((format: ReportFormat, opts?: { reviewResultId?: string }) => Promise<void>) | null>(null);
  const toast = useAppStore((s) => s.toast);

  useEffect(() => onPush((e) => {
    if (e.name === 'job-progressed' && e.payload.jobId === jobRef.current) {
      setProgress((p) => (p ? { ...p, done: e.payload.done, total: e.payload.total, message: e.payload.message ?? p.message } : p));
    }
  }), []);

  const run = useCallback(async (format: ReportFormat, opts: { sections?: string[]; bom?: boolean; reviewResultId?: string } = {}) => {
    if (jobRef.current) return;
    const jobId = `report-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    jobRef.current = jobId;
    setProgress({ format, done: 0, total: null, message: 'Starting…' });
    try {
      const info = await call('app-info', {});
      if (info.nativeDialogs) {
        const ext = EXTENSIONS[format];
        const dest = await call('dialog-save-file', {
          title: MULTI.includes(format) ? 'Choose a folder name for the files' : 'Save report',
          defaultName: MULTI.includes(format) ? `${fileStem}-${format}` : `${fileStem}${format.startsWith('a3') ? '-A3' : format.startsWith('review') ? '-review' : ''}.${ext}`,
          filters: MULTI.includes(format) ? [] : [{ name: ext.toUpperCase(), extensions: [ext] }],
        });
        if (dest.canceled || !dest.handle) return;
        const r = await call('report-export', { eventId, format, jobId, outHandle: dest.handle, ...opts });
        toast({ kind: 'success', message: `Saved ${r.files.length === 1 ? r.files[0]!.path : `${r.files.length} files`}.` });
      } else {
        const r = await call('report-download', { eventId, format, jobId, ...opts });
        // One download per file, spaced out so the browser does not drop any of a burst.
        for (const [i, f] of r.files.entries()) {
          if (i > 0) await new Promise((done) => window.setTimeout(done, 250));
          saveBase64(f.name, f.mimeType, f.base64);
        }
        const total = r.files.reduce((n, f) => n + f.bytes, 0);
        toast({ kind: 'success', message: `Downloaded ${r.files.length === 1 ? r.files[0]!.name : `${r.files.length} files`} (${formatBytes(total)}).` });
      }
    } catch (e) {
      const msg = errorMessage(e);
      // No Chromium for PDF: offer the same report as HTML, which prints with its own print stylesheet.
      const printable = format === 'pdf' ? 'html' : format === 'a3-pdf' ? 'a3-html' : format === 'review-pdf' ? 'review-html' : null;
      const noPdf = e instanceof AppError && e.code === 'UNSUPPORTED' && printable !== null;
      toast({
        kind: msg.includes('cancelled') ? 'info' : 'error',
        message: noPdf ? 'PDF needs Chromium or Google Chrome, and neither was found on this computer. The HTML version prints the same pages from your browser (Ctrl+P).' : msg,
        action: noPdf ? { label: 'Download HTML to print', run: () => void runRef.current?.(printable, opts) } : undefined,
      });
    } finally {
      jobRef.current = null;
      setProgress(null);
    }
  }, [eventId, fileStem, toast]);

  useEffect(() => {
    runRef.current = (f, o) => run(f, o);
  }, [run]);

  const cancel = useCallback(() => {
    if (jobRef.current) void call('job-cancel', { jobId: jobRef.current }).catch(() => undefined);
  }, []);

  return { progress, run, cancel };
}
