import type {
  AggregateQuery,
  AggregateResult,
  Condition,
  QuantileMethod,
  SourceColumnType,
} from '../../../common/domain/sources/queryTree';

/**
 * One interface for every place a dataset's rows can live: the imported SQLite table (sqlite/), DuckDB over local
 * files (duckdb/) and ClickHouse (clickhouse/). Services (KPIs, charts, drift, fairness, latency, VSM fill, profile)
 * ask a Source, never a table or a file. Every method takes the dataset's LOGICAL column names and binds them
 * through the column mapping; SQL is generated per dialect from the query tree (common/domain/sources/queryTree),
 * never from user text. Errors are AppErrors with a message that says what and where (missing file, fingerprint
 * changed since linking → "re-link", password refused …). An aborted signal rejects with AppError 'CANCELLED'.
 */

export type SourceKind = 'sqlite' | 'duckdb' | 'clickhouse';

export type SourceCapabilities = Readonly<{
  /** The quantile definition its exact quantiles follow ('approx' when it has no exact ones). */
  quantile: QuantileMethod;
  /** sample() is a true seeded random sample (false: the source reads every row and samples in JavaScript). */
  sampling: boolean;
  /** A running query stops when its signal aborts (false: the result is dropped when it comes). */
  cancel: boolean;
}>;

export type SourceColumn = Readonly<{
  /** Logical name (the dataset's column name). */
  name: string;
  type: SourceColumnType;
  /** The engine's own type name (DOUBLE, Nullable(Float64), REAL …), for display. */
  nativeType: string;
}>;

export type SourceSchema = Readonly<{ columns: readonly SourceColumn[]; rowCount: number }>;

/**
 * What identifies the rows' current state: a Parquet file's size + mtime + hash of its footer, a folder's
 * combined file fingerprints, a ClickHouse table's row count and max timestamp, an imported version's SHA-256.
 * Compared with the one stored at linking: a different `value` means the rows changed ("re-link").
 */
export type Fingerprint = Readonly<{
  value: string;
  /** The parts it was made from, for the record and the message (size, mtime, footerSha256, rows, maxTime …). */
  parts: Readonly<Record<string, string | number>>;
}>;

/** Seeded sample: each requested column's values in the same row order (missing cells null). */
export type SampleResult = Readonly<{
  columns: Readonly<Record<string, readonly (number | string | null)[]>>;
  /** Rows the sample was drawn from, and whether it is a sample (false: every row). */
  totalRows: number;
  sampled: boolean;
  /** The generated query text. */
  queryText: string;
}>;

/**
 * Counts of a numeric column's finite values in the bins given by strictly increasing inner edges
 * e₁ < … < e_k: bin i holds e_i ≤ x < e_{i+1} (bin 0 is x < e₁, bin k is x ≥ e_k): k + 1 counts, the binning of
 * common/domain/drift/psi (countOpenBins). `missing` counts rows without a finite value.
 */
export type HistogramResult = Readonly<{ counts: readonly number[]; missing: number; queryText: string }>;

export type HistogramOptions = Readonly<{
  filters?: readonly Condition[];
  window?: AggregateQuery['window'];
}>;

export type SampleOptions = Readonly<{
  filters?: readonly Condition[];
  window?: AggregateQuery['window'];
}>;

export type Source = Readonly<{
  kind: SourceKind;
  /** Where the rows are, for display and the record: a file path, a folder, clickhouse://host/db.table, a dataset version. */
  location: string;
  capabilities: SourceCapabilities;
  schema(signal?: AbortSignal): Promise<SourceSchema>;
  aggregate(query: AggregateQuery, signal?: AbortSignal): Promise<AggregateResult>;
  /** Up to n rows drawn with `seed` (the same seed and rows give the same sample); all rows when there are ≤ n. */
  sample(columns: readonly string[], n: number, seed: number, signal?: AbortSignal, opts?: SampleOptions): Promise<SampleResult>;
  histogram(column: string, innerEdges: readonly number[], signal?: AbortSignal, opts?: HistogramOptions): Promise<HistogramResult>;
  fingerprint(signal?: AbortSignal): Promise<Fingerprint>;
  /** Releases the engine (a DuckDB child process, an HTTP agent). Safe to call twice. */
  close(): Promise<void>;
}>;

/** What a result computed from a Source records (stored beside KPI series, charts, drift runs …). */
export type SourceProvenance = Readonly<{
  kind: SourceKind;
  location: string;
  fingerprint: string;
  queryText: string;
  quantileMethod: QuantileMethod;
  /** false when any figure is approximate: the UI labels it. */
  exact: boolean;
}>;
