import type { Db } from '../../db/connection';
import * as repo from '../../db/repositories/datasets';
import type { VersionRow } from '../../db/repositories/datasets';
import { assertTableName } from '../../importers/tableWriter';

type Cell = number | string | null;

/**
 * One page of a version's rows for the virtual-scrolling table. Rowids are 1…n in file order in each
 * version table, so a page is a rowid range (constant time at any offset, even at row 1,000,000).
 */
export function readRowsPage(db: Db, v: VersionRow, offset: number, limit: number): { total: number; offset: number; rows: Cell[][] } {
  const tables = repo.versionTables(db, v);
  const owners = tables.map((t) => repo.listVersions(db, v.datasetId).find((x) => x.tableName === t)!);
  const cols = v.columns.map((c) => c.sqlName).join(', ');
  const rows: Cell[][] = [];
  let start = 0;
  for (let i = 0; i < tables.length && rows.length < limit; i++) {
    const own = owners[i]!.ownRows;
    const from = offset + rows.length - start;
    if (from < own) {
      const take = Math.min(limit - rows.length, own - from);
      const page = db.prepare(`SELECT ${cols} FROM "${assertTableName(tables[i]!)}" WHERE rowid > ? AND rowid <= ? ORDER BY rowid`).raw(true).all(from, from + take) as Cell[][];
      rows.push(...page);
    }
    start += own;
  }
  return { total: v.rowCount, offset, rows };
}
