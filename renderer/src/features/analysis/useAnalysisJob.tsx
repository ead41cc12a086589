import { useCallback, useRef, useState } from 'react';
import type { Input, Output } from '../../../../common/contract/api';
import { call } from '../../api/client';
import { formatDuration } from '../data/format';
import { useJobProgress } from '../data/useJobProgress';

type AnalysisMethod = 'analysis-latency' | 'analysis-whatif' | 'analysis-drift' | 'analysis-drift-series' | 'analysis-confidence' | 'analysis-fairness' | 'analysis-models';

const newJobId = () => `analysis-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export type AnalysisJob = Readonly<{
  /** Calls the analysis as a job (its own id), so its steps show as progress and Cancel can stop it. */
  run: <M extends AnalysisMethod>(method: M, input: Input<M>) => Promise<Output<M>>;
  cancel: () => void;
  jobId: string | null;
}>;

/**
 * Long analyses run in a worker thread in main: this names each run with a job id, follows its 'job-progressed'
 * events (the same hook as the import's progress) and cancels it through 'job-cancel' — the call then fails with
 * CANCELLED and nothing is saved.
 */
export function useAnalysisJob(): AnalysisJob {
  const [jobId, setJobId] = useState<string | null>(null);
  const current = useRef<string | null>(null);
  const run = useCallback(async <M extends AnalysisMethod>(method: M, input: Input<M>): Promise<Output<M>> => {
    const id = newJobId();
    current.current = id;
    setJobId(id);
    try {
      return await call(method, { ...input, jobId: id } as Input<M>);
    } finally {
      if (current.current === id) {
        current.current = null;
        setJobId(null);
      }
    }
  }, []);
  const cancel = useCallback(() => {
    if (current.current) void call('job-cancel', { jobId: current.current });
  }, []);
  return { run, cancel, jobId };
}

/** Progress of a running analysis with a Cancel button, as the import shows its progress. */
export function AnalysisProgress({ job, label }: Readonly<{ job: AnalysisJob; label: string }>) {
  const progress = useJobProgress(job.jobId);
  if (!job.jobId) return null;
  return (
    <div className="progress-block analysis-progress" data-testid="analysis-progress" role="status">
      <progress max={100} value={progress?.percent ?? undefined} aria-label={`${label} progress`} />
      <span>
        {progress
          ? `${progress.message ?? label} · step ${progress.done} of ${progress.total ?? '?'}${progress.etaSeconds === null ? '' : ` · about ${formatDuration(progress.etaSeconds)} left`}`
          : `${label}…`}
      </span>
      <button type="button" className="btn" onClick={job.cancel}>
        Cancel
      </button>
    </div>
  );
}
