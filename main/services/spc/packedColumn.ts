import type { ServiceContext } from '../../context';
import { readPacked, writePacked } from '../../db/repositories/columnPacks';
import { activeImportTables } from '../../importers/importSlices';

/**
 * One numeric column of a version table for a chart, from its packs (migration 0230) when they cover the table's
 * `rows` rows (rowids 1…rows), else null: the caller reads the rows and may hand them to `keepPacked`.
 */
export function packedColumn(ctx: ServiceContext, table: string, column: string, rows: number): Float64Array | null {
  return rows > 0 ? readPacked(ctx.db, table, column, rows) : null;
}

/**
 * After a chart read a column from the rows (a table imported before migration 0230, or from an archive): packs it
 * so the next first open reads blobs. Best effort — packs are derived data, and a store that cannot take the write
 * now (read-only, busy) still charts from its rows — so a failure is ignored; never while an import is writing.
 */
export function keepPacked(ctx: ServiceContext, table: string, column: string, values: Float64Array): void {
  if (activeImportTables.size > 0 || ctx.db.readonly) return;
  try {
    writePacked(ctx.db, table, column, values);
  } catch {
    // packed on a later open
  }
}
