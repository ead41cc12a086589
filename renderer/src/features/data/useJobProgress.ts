import { useEffect, useRef, useState } from 'react';
import { onPush } from '../../api/client';

export type Progress = Readonly<{ done: number; total: number | null; rows: number; etaSeconds: number | null; percent: number | null; message: string | null }>;

/** Follows 'job-progressed' for one job id: bytes (or steps) done, rows (from the message), % and an ETA from the rate so far. */
export function useJobProgress(jobId: string | null): Progress | null {
  const [p, setP] = useState<Progress | null>(null);
  const started = useRef<number>(0);
  useEffect(() => {
    setP(null);
    if (!jobId) return;
    started.current = performance.now();
    return onPush((e) => {
      if (e.name !== 'job-progressed' || e.payload.jobId !== jobId) return;
      const { done, total, message } = e.payload;
      const rows = Number(/(\d+) rows/.exec(message ?? '')?.[1] ?? 0);
      const elapsed = (performance.now() - started.current) / 1000;
      const frac = total ? done / total : null;
      const eta = frac && frac > 0.01 ? (elapsed * (1 - frac)) / frac : null;
      setP({ done, total, rows, etaSeconds: eta, percent: frac === null ? null : Math.min(100, frac * 100), message: message ?? null });
    });
  }, [jobId]);
  return p;
}
