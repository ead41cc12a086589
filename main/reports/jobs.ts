import type { EventBus } from '../eventBus';

export type ReportJob = Readonly<{
  signal: AbortSignal;
  progress: (done: number, total: number | null, message: string) => void;
  finish: (ok: boolean, message?: string) => void;
}>;

/**
 * Running report exports: each has an AbortController (report-cancel) and streams 'job-progressed' /
 * 'job-finished' push events with kind 'report', so every window can show a progress bar.
 * (Kept inside main/reports: no shared job registry existed when reports landed.)
 */
export class ReportJobs {
  private readonly running = new Map<string, AbortController>();
  constructor(private readonly bus: EventBus) {}

  start(jobId: string, callSignal?: AbortSignal): ReportJob {
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const signal = callSignal ? AbortSignal.any([controller.signal, callSignal]) : controller.signal;
    return {
      signal,
      progress: (done, total, message) => this.bus.emit('job-progressed', { jobId, kind: 'report', done, total, message }),
      finish: (ok, message) => {
        this.running.delete(jobId);
        this.bus.emit('job-finished', { jobId, kind: 'report', ok, message });
      },
    };
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }
}
