import type { EventBus } from './eventBus';

/** A running long job: its abort signal, a throttled progress reporter and a finish call. */
export type Job = Readonly<{
  id: string;
  kind: string;
  signal: AbortSignal;
  progress: (done: number, total: number | null, message?: string) => void;
  finish: (ok: boolean, message?: string) => void;
}>;

/**
 * Registry of running jobs (imports now; reusable by report export): 'job-progressed' / 'job-finished'
 * push events and cancel by id through the contract's 'job-cancel'. One registry per store, in ServiceContext.jobs.
 */
export class JobRegistry {
  private readonly running = new Map<string, { kind: string; controller: AbortController }>();
  constructor(private readonly bus: EventBus) {}

  start(id: string, kind: string, callSignal?: AbortSignal): Job {
    const controller = new AbortController();
    this.running.set(id, { kind, controller });
    const signal = callSignal ? AbortSignal.any([controller.signal, callSignal]) : controller.signal;
    let last = 0;
    return {
      id,
      kind,
      signal,
      progress: (done, total, message) => {
        const now = Date.now();
        if (now - last < 100 && total !== null && done < total) return;
        last = now;
        this.bus.emit('job-progressed', { jobId: id, kind, done, total, message });
      },
      finish: (ok, message) => {
        this.running.delete(id);
        this.bus.emit('job-finished', { jobId: id, kind, ok, message });
      },
    };
  }

  /** Asks a running job to stop; false when no such job is running. */
  cancel(id: string): boolean {
    const j = this.running.get(id);
    if (!j) return false;
    j.controller.abort();
    return true;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** The kinds of the jobs running now ('import' …), e.g. to say what holds the store. */
  runningKinds(): string[] {
    return [...this.running.values()].map((j) => j.kind);
  }
}
