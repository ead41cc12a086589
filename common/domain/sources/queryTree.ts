/**
 * The small query tree every Source (imported SQLite table, DuckDB over local files, ClickHouse) answers.
 * Plain data, no SQL: each source generates its own dialect from it, never from user text. Column names here
 * are the dataset's LOGICAL column names (what the user sees); a source binds them to its physical columns
 * through the dataset's column mapping and refuses a name the mapping does not hold.
 *
 * Meaning (the same on every source, the imported-table path's meaning, common/domain/kpi/aggregate):
 * - a row without a time (when the query has a time column) is left out;
 * - a value measure (sum, mean, min, max, quantiles) counts only the rows whose cell is a finite number; its `n`
 *   says how many;
 * - `count` counts the kept rows; `rate` is the share of kept rows meeting its condition (failure rate);
 * - conditions compare like the KPI filters: a missing cell satisfies only `!=`; a number compares as a number,
 *   a string as text;
 * - buckets are [start, start + length) in UTC shifted by `utcOffsetMinutes` (0 = UTC; 60 = days start at
 *   23:00 UTC); weeks start on Monday. `start` in the result is epoch ms of the bucket's start.
 * - quantiles are type 7 (numpy's default, linear interpolation) where the source can; otherwise the result
 *   says which method it used (AggregateResult.quantileMethod).
 */

export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** `column op value`, e.g. status = 'failed' or latency_ms >= 500. */
export type Condition = Readonly<{ column: string; op: FilterOp; value: number | string }>;

/** What to compute per bucket (and group). `where` narrows one measure only (e.g. TPR: mean of pred where label = 1). */
export type Measure = Readonly<
  | { kind: 'count'; where?: readonly Condition[] }
  | { kind: 'sum' | 'mean' | 'min' | 'max'; column: string; where?: readonly Condition[] }
  /** Probabilities in [0, 1], e.g. [0.5, 0.95, 0.99]; one value per probability. */
  | { kind: 'quantiles'; column: string; probs: readonly number[]; where?: readonly Condition[] }
  /** Share of kept rows meeting `condition`. */
  | { kind: 'rate'; condition: Condition; where?: readonly Condition[] }
>;

export type BucketUnit = 'hour' | 'day' | 'week';

/** Time bucketing: the timestamp column, the unit and the offset from UTC in minutes (−720…840). */
export type Bucketing = Readonly<{ column: string; unit: BucketUnit; utcOffsetMinutes: number }>;

/**
 * 'exact': exact quantiles whatever the cost (a source computes them partition by partition to bound memory);
 * 'approx': the source's approximate quantiles; 'auto': exact up to the source's row threshold, then approximate.
 */
export type QuantileMode = 'exact' | 'approx' | 'auto';

export type AggregateQuery = Readonly<{
  measures: readonly Measure[];
  /** Rows kept for every measure (AND). */
  filters?: readonly Condition[];
  /** Only rows with time in [from, to) (epoch ms); rows without a time are then left out. */
  window?: Readonly<{ column: string; from?: number; to?: number }>;
  /** One result row per bucket; without it, one row for the whole (filtered) source. */
  bucket?: Bucketing;
  /** One result row per distinct value of this column (per bucket); a missing cell is the group null. */
  groupBy?: string;
  quantiles?: QuantileMode;
}>;

/** One measure's result in one row: quantiles give `values` (one per probability), the others `value`. */
export type MeasureCell = Readonly<{ value: number | null; values?: readonly (number | null)[]; n: number }>;

export type AggregateRow = Readonly<{
  /** Bucket start (epoch ms) or null without bucketing. */
  start: number | null;
  group: string | number | null;
  /** One cell per query measure, same order. */
  cells: readonly MeasureCell[];
}>;

/** How the quantiles in a result were computed: type 7 exactly, exactly by another definition, or approximately. */
export type QuantileMethod = 'type7' | 'exact-other' | 'approx';

/** A dialect-neutral answer to an AggregateQuery. Rows sorted by start, then group (null first). */
export type AggregateResult = Readonly<{
  rows: readonly AggregateRow[];
  /** Per measure: earliest and latest time of the rows it used (for partial first/last buckets), null if none. */
  spans: readonly (Readonly<{ first: number; last: number }> | null)[];
  quantileMethod: QuantileMethod;
  /** The generated query text (for the record: results keep the query they came from). */
  queryText: string;
  /** Rows the source read (before filters), when it knows. */
  rowsScanned: number | null;
}>;

/** Column types a source reports, the import's storage types. */
export type SourceColumnType = 'integer' | 'real' | 'timestamp' | 'boolean' | 'category' | 'text';
