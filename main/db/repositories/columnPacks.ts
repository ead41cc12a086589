import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection';

/**
 * Packed numeric columns of dataset tables (migration 0230): chunks of PACK_ROWS consecutive rows of one column as
 * little-endian Float64 (every platform Kaizen Studio ships on is little-endian), NaN for SQL NULL. A chart reads a
 * few blobs instead of one JavaScript value per row (better-sqlite3 hands a 10M-row column over in ≈ 2.5 s, the blobs
 * in ≈ 0.1 s). Packs are derived data: a reader uses them only when they cover every row of the table.
 */
export const PACK_ROWS = 65_536;

const INSERT = 'INSERT OR REPLACE INTO dataset_column_packs (table_name, column_name, chunk, rows, data) VALUES (?,?,?,?,?)';

/** Bytes of a Float64Array's first `rows` values as a Buffer view (better-sqlite3 copies a bound blob). */
const bytesOf = (a: Float64Array, rows: number): Buffer => Buffer.from(a.buffer, a.byteOffset, rows * 8);

/**
 * The import's side of the packs: TableWriter hands it every numeric cell in row order (NaN for a missing value) and
 * it writes a chunk per column each PACK_ROWS rows, in the same transaction as those rows; `flush` writes the rest.
 */
export class PackWriter {
  private readonly bufs: Float64Array[];
  private fill = 0;
  private chunk = 0;
  private stmt: Statement | null = null;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    /** The SQL names (c0…cN) of the table's numeric columns, in the order their cells come. */
    private readonly columns: readonly string[],
  ) {
    this.bufs = columns.map(() => new Float64Array(PACK_ROWS));
  }

  /** The buffers cells go into at row `fill` (TableWriter writes bufs[i][fill] then calls endRow). */
  get buffers(): readonly Float64Array[] {
    return this.bufs;
  }

  get row(): number {
    return this.fill;
  }

  endRow(): void {
    if (++this.fill === PACK_ROWS) this.write();
  }

  flush(): void {
    if (this.fill > 0) this.write();
  }

  private write(): void {
    this.stmt ??= this.db.prepare(INSERT);
    for (let i = 0; i < this.columns.length; i++) this.stmt.run(this.table, this.columns[i]!, this.chunk, this.fill, bytesOf(this.bufs[i]!, this.fill));
    this.chunk++;
    this.fill = 0;
  }
}

/**
 * A column of a table as one Float64Array (NaN: NULL) when its packs cover exactly `rows` rows in whole chunks,
 * else null (no packs, or a partial set: the caller reads the rows).
 */
export function readPacked(db: Db, table: string, column: string, rows: number): Float64Array | null {
  const stmt = db.prepare('SELECT chunk, rows, data FROM dataset_column_packs WHERE table_name = ? AND column_name = ? ORDER BY chunk');
  // One blob at a time (a 10M-row column is 80 MB of blobs): copied into the column, then let go.
  let out: Float64Array | null = null;
  let bytes: Uint8Array | null = null;
  let total = 0;
  let i = 0;
  for (const p of stmt.iterate(table, column) as IterableIterator<{ chunk: number; rows: number; data: Buffer }>) {
    // Chunks 0…n−1, each full but the last, each blob exactly its rows, no more rows than the table's.
    if (p.chunk !== i || p.data.length !== p.rows * 8 || (total % PACK_ROWS !== 0) || total + p.rows > rows) return null;
    out ??= new Float64Array(rows);
    bytes ??= new Uint8Array(out.buffer);
    p.data.copy(bytes, total * 8);
    total += p.rows;
    i++;
  }
  return out && total === rows ? out : null;
}

/** Packs a column read from the rows (a table from before migration 0230, or from an archive), replacing any partial packs. */
export function writePacked(db: Db, table: string, column: string, values: Float64Array): void {
  db.transaction(() => {
    db.prepare('DELETE FROM dataset_column_packs WHERE table_name = ? AND column_name = ?').run(table, column);
    const stmt = db.prepare(INSERT);
    for (let c = 0, from = 0; from < values.length; c++, from += PACK_ROWS) {
      const part = values.subarray(from, Math.min(values.length, from + PACK_ROWS));
      stmt.run(table, column, c, part.length, bytesOf(part, part.length));
    }
  })();
}

/** Drops the packs of a table (its import was cancelled or failed, or the table was dropped as an orphan). */
export function deletePacks(db: Db, table: string): void {
  db.prepare('DELETE FROM dataset_column_packs WHERE table_name = ?').run(table);
}
