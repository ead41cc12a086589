import { useCallback, useEffect, useRef, useState } from 'react';
import { call, onPush } from '../../api/client';

export type ArchiveProgress = Readonly<{ title: string; done: number; total: number | null; message: string }>;

/** One archive job at a time: its progress from 'job-progressed' (kind 'archive') and one Cancel ('job-cancel'). */
export function useArchiveJob() {
  const [progress, setProgress] = useState<ArchiveProgress | null>(null);
  const jobRef = useRef<string | null>(null);
  useEffect(
    () =>
      onPush((e) => {
        if (e.name === 'job-progressed' && e.payload.jobId === jobRef.current) {
          setProgress((p) => (p ? { ...p, done: e.payload.done, total: e.payload.total, message: e.payload.message ?? p.message } : p));
        }
      }),
    [],
  );
  const run = useCallback(async <T,>(title: string, body: (jobId: string) => Promise<T>): Promise<T> => {
    const jobId = `archive-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    jobRef.current = jobId;
    setProgress({ title, done: 0, total: null, message: 'Starting…' });
    try {
      return await body(jobId);
    } finally {
      jobRef.current = null;
      setProgress(null);
    }
  }, []);
  const cancel = useCallback(() => {
    if (jobRef.current) void call('job-cancel', { jobId: jobRef.current }).catch(() => undefined);
  }, []);
  return { progress, run, cancel };
}

export function ArchiveProgressBar({ progress, onCancel }: { progress: ArchiveProgress | null; onCancel: () => void }) {
  if (!progress) return null;
  const pct = progress.total ? Math.round((100 * Math.min(progress.done, progress.total)) / progress.total) : undefined;
  return (
    <div className="report-progress card" role="status" aria-live="polite" data-testid="archive-progress">
      <div className="report-progress-text">
        <strong>{progress.title}…</strong> <span>{progress.message}</span>
      </div>
      <progress max={100} value={pct} aria-label={`${progress.title} progress`}>{pct !== undefined ? `${pct} %` : ''}</progress>
      <button type="button" className="btn btn-small" onClick={onCancel}>Cancel</button>
    </div>
  );
}
