import type { Migration } from '../migrate';

/**
 * Linked datasets (issue 21): the rows stay where they are (a Parquet file or folder, a CSV/TSV, a JSON Lines file,
 * a ClickHouse table); the store keeps the link, the source's fingerprint at linking and every result computed
 * from it. A linked dataset still has its datasets row and a dataset_versions row (columns, roles, units, profile;
 * table_name '' as no ds_ table holds its rows); each column's `source` there is the physical column it is bound
 * to (the column mapping). `location` is a path or folder (DuckDB) or clickhouse://host:port/db.table (never a
 * password). `converted_from` is the CSV a day-partitioned Parquet folder in the data folder was made from.
 *
 * linked_results: what a computation over a source returned, with the source's fingerprint, the query it ran and
 * whether the quantiles are exact, keyed by what asked (e.g. 'kpi:<id>'). Kept when the source changes: a
 * fingerprint mismatch shows the old results with a "re-link" message instead of dropping them.
 */
export const migration0200: Migration = {
  version: 200,
  name: '0200-linked-datasets',
  up(db) {
    db.exec(`
      CREATE TABLE dataset_links (
        dataset_id TEXT PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
        version_id TEXT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('duckdb', 'clickhouse')),
        format TEXT NOT NULL CHECK (format IN ('parquet', 'parquet-folder', 'csv', 'tsv', 'jsonl', 'clickhouse')),
        location TEXT NOT NULL,
        converted_from TEXT,
        fingerprint TEXT NOT NULL,
        fingerprint_parts TEXT NOT NULL DEFAULT '{}',
        row_count INTEGER NOT NULL,
        linked_at TEXT NOT NULL,
        checked_at TEXT
      ) STRICT;

      CREATE TABLE linked_results (
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        result_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        query TEXT NOT NULL,
        quantile_method TEXT NOT NULL CHECK (quantile_method IN ('type7', 'exact-other', 'approx')),
        exact INTEGER NOT NULL CHECK (exact IN (0, 1)),
        result TEXT NOT NULL,
        computed_at TEXT NOT NULL,
        PRIMARY KEY (dataset_id, result_key)
      ) STRICT;
    `);
  },
};
