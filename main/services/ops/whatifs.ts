import { AppError } from '../../../common/contract/errors';
import { DomainInputError } from '../../../common/domain/errors';
import { analyseGateway } from '../../../common/domain/ops/gateway';
import type { GatewayReport } from '../../../common/domain/ops/gateway';
import { feedbackLoop } from '../../../common/domain/ops/feedback';
import type { FeedbackReport } from '../../../common/domain/ops/feedback';
import { tokenBucketWhatIf } from '../../../common/domain/ops/rateLimit';
import type { RateLimitClient, RateLimitHour } from '../../../common/domain/ops/rateLimit';
import { retryWhatIf } from '../../../common/domain/ops/retry';
import type { RetryPeak } from '../../../common/domain/ops/retry';
import { attributeBreaches, slaCompliance } from '../../../common/domain/ops/sla';
import type { BreachAttribution, SlaMetric, SlaWindow, SlaWindowResult } from '../../../common/domain/ops/sla';
import type { OpsTable } from './inputs';
import { numberColumn, outcomes, requireRows, statusColumn, textColumn, timeColumn, withTimes } from './inputs';

/**
 * The ops analyses over a table of columns (a file for the CLI, a dataset version for the app): each reads its
 * columns through inputs.ts, runs the pure computation in common/domain/ops and returns the JSON the CLI prints.
 * Domain errors (a rate of 0, a target in percent) come back as BAD_INPUT naming the file or dataset.
 */
function domain<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof DomainInputError) throw new AppError('BAD_INPUT', `${where}: ${e.message}`);
    throw e;
  }
}

const skippedNote = (n: number, col: string) => (n ? [`${n} row(s) without a time in "${col}" left out.`] : []);

export type RateLimitSpec = Readonly<{ time: string; client?: string; rate: number; burst: number; per: 'client' | 'global' }>;
export type RateLimitOut = Readonly<{ requests: number; rejected: number; rejectedShare: number | null; byClient: RateLimitClient[]; byHour: RateLimitHour[]; warnings: string[] }>;

export function runRateLimit(t: OpsTable, s: RateLimitSpec): RateLimitOut {
  if (s.per === 'client' && !s.client) throw new AppError('BAD_INPUT', 'A per-client limit needs the client column (--client COL); use --per global for one bucket.');
  const rawTimes = timeColumn(t, s.time);
  const { times, cols, skipped } = withTimes(rawTimes, { client: s.client ? textColumn(t, s.client) : rawTimes.map(() => 'all') });
  requireRows(t.where, times.length, skipped, s.time);
  const r = domain(t.where, () => tokenBucketWhatIf(times, cols.client, { ratePerSecond: s.rate, burst: s.burst, per: s.per }));
  return { requests: r.requests, rejected: r.rejected, rejectedShare: r.rejectedShare, byClient: r.byClient, byHour: r.byHour, warnings: skippedNote(skipped, s.time) };
}

export type RetrySpec = Readonly<{ time: string; endpoint: string; status: string; latency?: string; maxRetries: number; baseMs: number; multiplier: number; timeoutMs?: number }>;
export type RetryOut = Readonly<{
  failures: number;
  recoverable: number;
  recoveredShare: number | null;
  extraRequests: number;
  addedLatencyMs: { p50: number | null; p95: number | null };
  schedule: number[];
  peak: RetryPeak | null;
  warnings: string[];
}>;

export function runRetry(t: OpsTable, s: RetrySpec): RetryOut {
  if (s.timeoutMs !== undefined && !s.latency) throw new AppError('BAD_INPUT', 'A timeout needs the latency column (--latency COL) to tell which requests ran over it.');
  if (s.timeoutMs !== undefined && !(s.timeoutMs > 0)) throw new AppError('BAD_INPUT', `The timeout must be above 0 ms (got ${s.timeoutMs}).`);
  const { times, cols, skipped } = withTimes(timeColumn(t, s.time), {
    endpoint: textColumn(t, s.endpoint),
    status: statusColumn(t, s.status),
    latency: s.latency ? numberColumn(t, s.latency) : [],
  });
  requireRows(t.where, times.length, skipped, s.time);
  const oc = outcomes(cols.status, s.latency ? cols.latency : undefined, s.timeoutMs);
  const r = domain(t.where, () => retryWhatIf(times, cols.endpoint, oc, { maxRetries: s.maxRetries, baseMs: s.baseMs, multiplier: s.multiplier }));
  return { failures: r.failures, recoverable: r.recoverable, recoveredShare: r.recoveredShare, extraRequests: r.extraRequests, addedLatencyMs: r.addedLatencyMs, schedule: r.schedule, peak: r.peak, warnings: skippedNote(skipped, s.time) };
}

export type SlaSpec = Readonly<{ time: string; metric: SlaMetric; target: number; window: SlaWindow; latency?: string; status?: string; timeoutMs?: number; cause?: string }>;
export type SlaOut = Readonly<{ windows: SlaWindowResult[]; compliance: number | null; breaches: BreachAttribution | null; warnings: string[] }>;

export function runSla(t: OpsTable, s: SlaSpec): SlaOut {
  if (s.metric === 'availability' && !s.status) throw new AppError('BAD_INPUT', 'An availability SLA needs the status column (--status COL).');
  if (s.metric === 'p95' && !s.latency) throw new AppError('BAD_INPUT', 'A p95 SLA needs the latency column (--latency COL).');
  const { times, cols, skipped } = withTimes(timeColumn(t, s.time), {
    status: s.status ? statusColumn(t, s.status) : [],
    latency: s.latency ? numberColumn(t, s.latency) : [],
    cause: s.cause ? textColumn(t, s.cause) : [],
  });
  requireRows(t.where, times.length, skipped, s.time);
  const data = { outcomes: s.status ? outcomes(cols.status, s.latency ? cols.latency : undefined, s.timeoutMs) : undefined, latencies: s.latency ? cols.latency : undefined };
  const r = domain(t.where, () => slaCompliance(times, s, data));
  const breaches = s.cause ? domain(t.where, () => attributeBreaches(times, s, cols.cause, data)) : null;
  return { windows: r.windows, compliance: r.compliance, breaches, warnings: skippedNote(skipped, s.time) };
}

export type GatewaySpec = Readonly<{ time: string; client: string; endpoint: string; status: string; version?: string; latency?: string; requestBytes?: string; responseBytes?: string; timeoutMs?: number }>;

export function runGateway(t: OpsTable, s: GatewaySpec): GatewayReport & { warnings: string[] } {
  const { times, cols, skipped } = withTimes(timeColumn(t, s.time), {
    client: textColumn(t, s.client),
    endpoint: textColumn(t, s.endpoint),
    status: statusColumn(t, s.status),
    version: s.version ? textColumn(t, s.version) : [],
    latency: s.latency ? numberColumn(t, s.latency) : [],
    req: s.requestBytes ? numberColumn(t, s.requestBytes) : [],
    resp: s.responseBytes ? numberColumn(t, s.responseBytes) : [],
  });
  requireRows(t.where, times.length, skipped, s.time);
  const r = analyseGateway({
    times,
    clients: cols.client,
    endpoints: cols.endpoint,
    statuses: cols.status,
    outcomes: outcomes(cols.status, s.latency ? cols.latency : undefined, s.timeoutMs),
    versions: s.version ? cols.version : undefined,
    latencies: s.latency ? cols.latency : undefined,
    requestBytes: s.requestBytes ? cols.req : undefined,
    responseBytes: s.responseBytes ? cols.resp : undefined,
  });
  return { ...r, warnings: skippedNote(skipped, s.time) };
}

export type FeedbackSpec = Readonly<{
  /** Corrections: prediction id, time, corrected label. */
  id: string;
  time: string;
  label: string;
  /** Inference log: prediction id (default: the same name), time, and optional predicted label, segment, model version. */
  inferenceId?: string;
  inferenceTime: string;
  predicted?: string;
  segment?: string;
  model?: string;
}>;

export function runFeedback(inference: OpsTable, corrections: OpsTable, s: FeedbackSpec): FeedbackReport & { warnings: string[] } {
  const inf = withTimes(timeColumn(inference, s.inferenceTime), {
    id: textColumn(inference, s.inferenceId ?? s.id),
    predicted: s.predicted ? textColumn(inference, s.predicted) : [],
    segment: s.segment ? textColumn(inference, s.segment) : [],
    model: s.model ? textColumn(inference, s.model) : [],
  });
  requireRows(inference.where, inf.times.length, inf.skipped, s.inferenceTime);
  const cor = withTimes(timeColumn(corrections, s.time), { id: textColumn(corrections, s.id), label: textColumn(corrections, s.label) });
  requireRows(corrections.where, cor.times.length, cor.skipped, s.time);
  const r = feedbackLoop(
    { ids: inf.cols.id, times: inf.times, predicted: s.predicted ? inf.cols.predicted : undefined, segments: s.segment ? inf.cols.segment : undefined, models: s.model ? inf.cols.model : undefined },
    { ids: cor.cols.id, times: cor.times, labels: cor.cols.label },
  );
  const warnings = [...skippedNote(inf.skipped, s.inferenceTime), ...skippedNote(cor.skipped, s.time)];
  if (r.matched === 0) warnings.push(`No correction's "${s.id}" matches a prediction id in the inference log's "${s.inferenceId ?? s.id}"; check the id columns.`);
  if (r.unmatched > 0 && r.matched > 0) warnings.push(`${r.unmatched} correction(s) name a prediction the inference log does not hold.`);
  if (r.negativeDelays > 0) warnings.push(`${r.negativeDelays} correction(s) are dated before their prediction and are left out of the label delay.`);
  return { ...r, warnings };
}
