import { z } from 'zod';
import { KPI_BUCKETS, KPI_STATISTICS } from '../kpi/aggregate';
import { CHART_KINDS } from '../spc/types';
import { DomainInputError } from '../errors';

/**
 * The guardrails file `kaizen guardrails export` writes and `kaizen guardrails check` reads (format version 1).
 * It holds definitions and numbers only: per KPI how it is computed and the limits held from the event, per drift
 * check the reference bin edges and reference proportions (never the reference rows), and fairness thresholds.
 * Pure (zod only), so the CLI, services and tests read it the same way; `parseGuardrails` validates on read.
 */
export const GUARDRAILS_FORMAT = 'kaizen-guardrails';
export const GUARDRAILS_VERSION = 1;

const Finite = z.number().finite();
const Text = z.string().min(1).max(200);
const Op = z.enum(['=', '!=', '>', '>=', '<', '<=']);
export const GuardrailCondition = z.object({ column: Text, op: Op, value: z.union([z.string().max(500), Finite]) }).strict();
export type GuardrailCondition = z.infer<typeof GuardrailCondition>;

const TestNumber = z.number().int().min(1).max(8);

export const KpiGuardrail = z
  .object({
    name: Text,
    unit: z.string().max(40),
    /** Which way is good: a check fails only on the bad side. */
    direction: z.enum(['lower', 'higher']),
    definition: z
      .object({
        /** Name of the event's dataset it was defined on (informative: the check reads the columns from --data). */
        dataset: z.string().max(200),
        timeColumn: Text,
        /** Aggregated column (ignored for count and rate). */
        column: Text,
        statistic: z.enum(KPI_STATISTICS),
        bucket: z.enum(KPI_BUCKETS),
        filters: z.array(GuardrailCondition).max(20),
        /** Rate KPIs: the share of rows meeting it. */
        condition: GuardrailCondition.nullable(),
      })
      .strict(),
    limits: z
      .object({
        chart: z.enum(CHART_KINDS),
        /** The stage whose limits are held (the event's latest stage, or the Phase I range). */
        stage: z.string().max(100),
        /** First and last bucket of that stage in the event's data (UTC dates). */
        from: z.string().max(40),
        to: z.string().max(40),
        points: z.number().int().min(1),
        /** Process centre (I, X̄, EWMA: mean; P and NP: p̄; C: c̄; U: ū; CUSUM: target μ0) and process σ. */
        center: Finite,
        sigma: Finite.nonnegative(),
        /** The drawn limits when constant (null when they vary with the subgroup size). */
        ucl: Finite.nullable(),
        lcl: Finite.nullable(),
        nsigmas: Finite.positive(),
        lambda: Finite.gt(0).max(1),
        cusumK: Finite.min(0),
        cusumH: Finite.positive(),
      })
      .strict(),
    tests: z
      .object({
        enabled: z.array(TestNumber).max(8),
        k: z.object({ 1: Finite.positive(), 2: z.number().int().positive(), 3: z.number().int().min(2), 4: z.number().int().min(2), 5: z.number().int().positive(), 6: z.number().int().positive(), 7: z.number().int().positive(), 8: z.number().int().positive() }).strict(),
      })
      .strict(),
    alertThreshold: Finite.nullable(),
    target: Finite.nullable(),
  })
  .strict();
export type KpiGuardrail = z.infer<typeof KpiGuardrail>;

export const DriftGuardrail = z
  .object({
    name: Text,
    column: Text,
    kind: z.enum(['numeric', 'categorical']),
    binning: z.enum(['quantile', 'equal-width', 'categorical']),
    /** Numeric: inner edges e₁ < … < e_k; bins (−∞, e₁), [e₁, e₂) … [e_k, +∞). */
    edges: z.array(Finite).max(100),
    /** Categorical: one bin per category of the reference. */
    categories: z.array(z.string().max(500)).max(1000),
    /** Reference fractions per bin, after the empty-bin fill (as the drift analysis reports them). */
    reference: z.array(Finite.positive().max(1.01)).min(1).max(1000),
    /** Fraction given to a bin empty on one side (ε = 0.0001, STATS.md §4). */
    fill: Finite.positive().max(0.01),
    threshold: Finite.positive(),
    referenceRows: z.number().int().min(1),
    /** Where the reference came from, in words (dataset, window). */
    reference_window: z.string().max(500),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (let i = 1; i < d.edges.length; i++) if (!(d.edges[i]! > d.edges[i - 1]!)) ctx.addIssue({ code: 'custom', path: ['edges', i], message: 'edges must be strictly increasing' });
    const bins = d.kind === 'numeric' ? d.edges.length + 1 : d.categories.length;
    if (d.reference.length !== bins) ctx.addIssue({ code: 'custom', path: ['reference'], message: `needs ${bins} fractions (one per bin), has ${d.reference.length}` });
  });
export type DriftGuardrail = z.infer<typeof DriftGuardrail>;

export const FAIRNESS_GUARDRAIL_METRICS = ['demographic_parity_difference', 'equalized_odds_difference'] as const;
export const FairnessGuardrail = z
  .object({
    name: Text,
    metric: z.enum(FAIRNESS_GUARDRAIL_METRICS),
    /** Differences pass when ≤ threshold (the registry policy's dpdMax / eodMax). */
    threshold: Finite.min(0).max(1),
    label: Text,
    prediction: Text,
    group: Text,
    posLabel: z.string().max(200),
    predictionPosLabel: z.string().max(200),
    /** Rows the assessment covered (e.g. model_version = 'fraud-v3.2'). */
    filters: z.array(GuardrailCondition).max(20),
  })
  .strict();
export type FairnessGuardrail = z.infer<typeof FairnessGuardrail>;

export const GuardrailsFile = z
  .object({
    format: z.literal(GUARDRAILS_FORMAT),
    version: z.literal(GUARDRAILS_VERSION),
    event: z.object({ id: z.string().max(100), name: z.string().max(200) }).strict(),
    exportedAt: z.string().max(40),
    kpis: z.array(KpiGuardrail).max(200),
    drift: z.array(DriftGuardrail).max(200),
    fairness: z.array(FairnessGuardrail).max(20),
    /** What was not exported, and why (manual KPIs, charts that could not be drawn …). */
    skipped: z.array(z.object({ name: z.string().max(200), reason: z.string().max(1000) }).strict()).max(500),
  })
  .strict();
export type GuardrailsFile = z.infer<typeof GuardrailsFile>;

/** `kpis[0].limits.sigma`-style path of a zod issue. */
function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

/**
 * Validates a parsed guardrails file; a bad one throws DomainInputError naming the first fields at fault, e.g.
 * `kpis[0].limits.sigma: Invalid input: expected number, received string`.
 */
export function parseGuardrails(raw: unknown, where = 'guardrails file'): GuardrailsFile {
  const r = GuardrailsFile.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 3).map((i) => `${pathOf(i.path)}: ${i.message}`);
  const more = r.error.issues.length > 3 ? ` (and ${r.error.issues.length - 3} more)` : '';
  throw new DomainInputError(`${where} is not a valid guardrails file: ${issues.join('; ')}${more}.`);
}
