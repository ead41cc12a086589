import { z } from 'zod';
import { method } from './define';
import { ById, ByEvent, Id, IsoDateTime } from './common';

/**
 * Integration and operations (issue 23): the gateway-log analyses and what-ifs over an imported dataset, the SLA
 * register, the integration checklist and the FMEA of the AI service. The analyses only read (common/contract/access.ts).
 */
const Col = z.string().min(1).max(200);
const Text = z.string().trim().max(2000);
const Num = z.number().finite();

export const GatewayColumns = z.object({
  time: Col, client: Col, endpoint: Col, status: Col,
  version: Col.optional(), latency: Col.optional(), requestBytes: Col.optional(), responseBytes: Col.optional(),
  timeoutMs: z.number().positive().optional(),
});
const ErrorRateRow = z.object({ key: z.string(), requests: z.number(), errors: z.number(), clientErrors: z.number(), errorRate: z.number() });
const Pcts = z.object({ n: z.number(), p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable(), max: z.number().nullable() });
export const GatewayReport = z.object({
  requests: z.number(), errors: z.number(), errorRate: z.number().nullable(), from: z.string().nullable(), to: z.string().nullable(),
  byEndpoint: z.array(ErrorRateRow), byClient: z.array(ErrorRateRow),
  byStatusClass: z.array(z.object({ statusClass: z.string(), requests: z.number(), share: z.number() })),
  payload: z.object({ request: Pcts, response: Pcts }).nullable(),
  latencyByPayload: z.array(z.object({ from: z.number(), to: z.number(), requests: z.number(), latencyP50: z.number().nullable(), latencyP95: z.number().nullable() })),
  versionShare: z.array(z.object({ client: z.string(), day: z.string(), version: z.string(), requests: z.number(), share: z.number() })),
  versionsByClient: z.array(z.object({ client: z.string(), versions: z.array(z.object({ version: z.string(), requests: z.number(), share: z.number(), lastDay: z.string() })) })),
  heatmap: z.array(z.object({ client: z.string(), requests: z.number(), cells: z.array(z.number()) })),
  warnings: z.array(z.string()),
});
export type GatewayReport = z.infer<typeof GatewayReport>;

export const RateLimitInput = z.object({
  datasetId: Id, time: Col, client: Col.optional(),
  rate: z.number().positive('the rate must be above 0 requests per second').max(1e9),
  burst: z.number().min(1, 'the burst must be at least 1 request').max(1e9),
  per: z.enum(['client', 'global']).default('client'),
});
export const RateLimitResult = z.object({
  requests: z.number(), rejected: z.number(), rejectedShare: z.number().nullable(),
  byClient: z.array(z.object({ client: z.string(), requests: z.number(), rejected: z.number(), peakRatePerSecond: z.number() })),
  byHour: z.array(z.object({ hour: z.string(), requests: z.number(), rejected: z.number(), rejectedShare: z.number() })),
  warnings: z.array(z.string()),
});
export type RateLimitResult = z.infer<typeof RateLimitResult>;

export const RetryInput = z.object({
  datasetId: Id, time: Col, endpoint: Col, status: Col, latency: Col.optional(),
  maxRetries: z.number().int().min(1).max(20), baseMs: z.number().positive().max(3_600_000), multiplier: z.number().min(1).max(10),
  timeoutMs: z.number().positive().optional(),
});
export const RetryResult = z.object({
  failures: z.number(), recoverable: z.number(), recoveredShare: z.number().nullable(), extraRequests: z.number(),
  addedLatencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  schedule: z.array(z.number()),
  peak: z.object({ minute: z.string(), failures: z.number(), requests: z.number(), retries: z.number(), amplification: z.number() }).nullable(),
  warnings: z.array(z.string()),
});
export type RetryResult = z.infer<typeof RetryResult>;

export const FeedbackInput = z.object({
  inferenceDatasetId: Id, correctionsDatasetId: Id,
  id: Col, time: Col, label: Col, inferenceId: Col.optional(), inferenceTime: Col,
  predicted: Col.optional(), segment: Col.optional(), model: Col.optional(),
});
const RateRow = z.object({ key: z.string(), predictions: z.number(), corrected: z.number(), rate: z.number() });
export const FeedbackReport = z.object({
  predictions: z.number(), corrections: z.number(), matched: z.number(), unmatched: z.number(), duplicates: z.number(), corrected: z.number(),
  correctionRate: z.number().nullable(), labelDelayMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }), negativeDelays: z.number(),
  byDay: z.array(RateRow), bySegment: z.array(RateRow), byModel: z.array(RateRow),
  warnings: z.array(z.string()),
});
export type FeedbackReport = z.infer<typeof FeedbackReport>;

// ── SLA register ────────────────────────────────────────────────────────────────
export const SLA_METRIC_KINDS = ['availability', 'p95', 'arrival'] as const;
export const SLA_METRIC_LABELS: Readonly<Record<(typeof SLA_METRIC_KINDS)[number], string>> = {
  availability: 'Availability (share of requests answered)',
  p95: 'p95 latency',
  arrival: 'Data arrival time (p95 delay)',
};
/** Where an SLA's compliance is computed from: a dataset's columns, optionally only the rows where `match` holds. */
export const SlaSource = z.object({
  datasetId: Id,
  time: Col,
  status: Col.optional(),
  /** The latency (p95) or arrival-delay (arrival) column. */
  value: Col.optional(),
  /** The stage / provider column each breach minute is attributed to. */
  cause: Col.optional(),
  match: z.object({ column: Col, value: z.string().max(500) }).optional(),
});
export type SlaSource = z.infer<typeof SlaSource>;
export const SlaFields = z.object({
  subjectKind: z.enum(['provider', 'endpoint']),
  subject: z.string().trim().min(1, 'name the provider or endpoint').max(200),
  metric: z.enum(SLA_METRIC_KINDS),
  target: Num,
  unit: z.string().trim().max(20),
  window: z.enum(['day', 'week']),
  signed: z.boolean(),
  owner: z.string().trim().max(200),
  notes: Text,
  source: SlaSource.nullable(),
});
export type SlaFields = z.infer<typeof SlaFields>;
export const SlaStatus = z.object({
  windows: z.array(z.object({ start: z.string(), value: z.number(), met: z.boolean(), requests: z.number() })),
  compliance: z.number().nullable(),
  breaches: z.object({ minutes: z.number(), breachMinutes: z.number(), pareto: z.array(z.object({ cause: z.string(), minutes: z.number(), share: z.number(), cumulativeShare: z.number() })) }).nullable(),
});
export const SlaEntry = SlaFields.extend({
  id: Id, eventId: Id, position: z.number().int(), createdAt: IsoDateTime, updatedAt: IsoDateTime,
  /** Computed from the source's latest version; null without a source; error when it could not be computed. */
  status: SlaStatus.nullable(),
  error: z.string().nullable(),
});
export type SlaEntry = z.infer<typeof SlaEntry>;

// ── Integration checklist ─────────────────────────────────────────────────────
export const CHECK_STATUSES = ['not-started', 'in-progress', 'done', 'not-applicable'] as const;
export const CHECK_STATUS_LABELS: Readonly<Record<(typeof CHECK_STATUSES)[number], string>> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'Not applicable' };
export const EvidenceLink = z.object({ label: z.string().trim().min(1).max(200), url: z.string().trim().max(2000).regex(/^(https?:\/\/|kaizen:)/i, 'must start with http://, https:// or kaizen:') });
export const CheckFields = z.object({
  title: z.string().trim().min(1, 'name the item').max(200),
  status: z.enum(CHECK_STATUSES),
  owner: z.string().trim().max(200),
  evidence: z.array(EvidenceLink).max(20),
  notes: Text,
  /** For "formats agreed": two JSON request samples whose schema diff is shown. */
  sampleBefore: z.string().max(100_000),
  sampleAfter: z.string().max(100_000),
});
export type CheckFields = z.infer<typeof CheckFields>;
export const SchemaChange = z.object({ path: z.string(), change: z.enum(['added', 'removed', 'changed-type']), before: z.string().nullable(), after: z.string().nullable() });
export const CheckItem = CheckFields.extend({
  id: Id, eventId: Id, position: z.number().int(), createdAt: IsoDateTime, updatedAt: IsoDateTime,
  /** The samples' schema diff when both are given; `diffError` says which sample is not JSON. */
  diff: z.array(SchemaChange).nullable(),
  diffError: z.string().nullable(),
});
export type CheckItem = z.infer<typeof CheckItem>;
/** The seed's integration items, in order. */
export const CHECKLIST_TEMPLATE = ['Formats agreed (schema of request samples)', 'Versioning policy', 'SLAs signed with upstream providers', 'Retries with exponential backoff', 'Rate limits', 'Monitoring of the gateway', 'Fallback behaviour documented'] as const;

// ── FMEA ─────────────────────────────────────────────────────────────────────
const Score = z.number().int().min(1, 'scores run from 1 to 10').max(10, 'scores run from 1 to 10');
export const FmeaScores = z.object({ severity: Score, occurrence: Score, detection: Score });
export const FmeaFields = z.object({
  failureMode: z.string().trim().min(1, 'name the failure mode').max(300),
  effect: Text,
  cause: Text,
  scores: FmeaScores,
  controls: Text,
  fallback: Text,
  recommendedAction: Text,
  /** Scores after the recommended action is in place (null until re-scored). */
  rescored: FmeaScores.nullable(),
});
export type FmeaFields = z.infer<typeof FmeaFields>;
export const FmeaRow = FmeaFields.extend({
  id: Id, eventId: Id, position: z.number().int(), createdAt: IsoDateTime, updatedAt: IsoDateTime,
  rpn: z.number().int(), rescoredRpn: z.number().int().nullable(),
  actionId: Id.nullable(),
  action: z.object({ id: Id, title: z.string(), status: z.string() }).nullable(),
});
export type FmeaRow = z.infer<typeof FmeaRow>;
export const FmeaTemplate = z.object({ failureMode: z.string(), effect: z.string(), cause: z.string(), controls: z.string(), fallback: z.string(), recommendedAction: z.string(), scores: FmeaScores });

const Patch = <T extends z.ZodRawShape>(o: z.ZodObject<T>) => o.partial();

export const opsMethods = {
  'ops-gateway': method(GatewayColumns.extend({ datasetId: Id }), GatewayReport),
  'ops-rate-limit': method(RateLimitInput, RateLimitResult),
  'ops-retry': method(RetryInput, RetryResult),
  'ops-feedback': method(FeedbackInput, FeedbackReport),
  'ops-schema-diff': method(z.object({ before: z.string().max(100_000), after: z.string().max(100_000) }), z.array(SchemaChange)),
  'ops-sla-list': method(ByEvent, z.array(SlaEntry)),
  'ops-sla-add': method(z.object({ eventId: Id, id: Id.optional(), entry: SlaFields.partial({ unit: true, signed: true, owner: true, notes: true, source: true }), position: z.number().int().optional() }), SlaEntry),
  'ops-sla-update': method(z.object({ id: Id, patch: Patch(SlaFields) }), SlaEntry),
  'ops-sla-remove': method(ById, SlaEntry),
  'ops-checklist-list': method(ByEvent, z.array(CheckItem)),
  'ops-checklist-add': method(z.object({ eventId: Id, id: Id.optional(), item: CheckFields.partial({ status: true, owner: true, evidence: true, notes: true, sampleBefore: true, sampleAfter: true }), position: z.number().int().optional() }), CheckItem),
  'ops-checklist-update': method(z.object({ id: Id, patch: Patch(CheckFields) }), CheckItem),
  'ops-checklist-remove': method(ById, CheckItem),
  'ops-fmea-list': method(ByEvent, z.array(FmeaRow)),
  'ops-fmea-templates': method(z.object({}), z.array(FmeaTemplate)),
  'ops-fmea-add': method(z.object({ eventId: Id, id: Id.optional(), row: FmeaFields.partial({ effect: true, cause: true, controls: true, fallback: true, recommendedAction: true, rescored: true }), position: z.number().int().optional(), actionId: Id.nullable().optional() }), FmeaRow),
  'ops-fmea-update': method(z.object({ id: Id, patch: Patch(FmeaFields) }), FmeaRow),
  'ops-fmea-remove': method(ById, FmeaRow),
  /** Turns the row's recommended action into an action in the actions list (id given on redo) and links it. */
  'ops-fmea-action': method(z.object({ id: Id, actionId: Id.optional() }), z.object({ row: FmeaRow, actionId: Id })),
} as const;

