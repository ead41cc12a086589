import type { Db } from '../db/connection';
import type Database from 'better-sqlite3';
import { storageOf } from './columnTypes';
import type { ColumnType } from './columnTypes';
import type { Cell } from './convert';

/** Table names come from ids only (never user text); checked again here before any SQL is built. */
export function assertTableName(name: string): string {
  if (!/^ds_[A-Za-z0-9]{1,64}$/.test(name)) throw new Error(`invalid dataset table name ${name}`);
  return name;
}

/** One STRICT table per version: columns c0…cN typed INTEGER/REAL/TEXT; the rowid keeps file order. */
export function createVersionTable(db: Db, table: string, cols: readonly { type: ColumnType; sqlName: string }[]): void {
  const defs = cols.map((c) => `${c.sqlName} ${storageOf(c.type)}`).join(', ');
  db.exec(`CREATE TABLE "${assertTableName(table)}" (${defs}) STRICT`);
}

/** Batched multi-row INSERTs (far fewer statement steps than one row at a time). */
export class TableWriter {
  private readonly perStmt: number;
  private readonly big: Database.Statement;
  private readonly one: Database.Statement;
  private readonly params: Cell[];
  private pos = 0;
  private rows = 0;

  constructor(
    private readonly db: Db,
    table: string,
    private readonly width: number,
  ) {
    this.perStmt = Math.max(1, Math.min(500, Math.floor(30000 / width)));
    this.params = new Array<Cell>(this.perStmt * width).fill(null);
    const row = `(${new Array(width).fill('?').join(',')})`;
    const t = assertTableName(table);
    this.big = db.prepare(`INSERT INTO "${t}" VALUES ${new Array(this.perStmt).fill(row).join(',')}`);
    this.one = db.prepare(`INSERT INTO "${t}" VALUES ${row}`);
  }

  /** Inserts a parsed Block (see rowProducer): `numeric[k]` tells where column k's values are. */
  addBlock(b: Readonly<{ rows: number; nums: Float64Array; text: string; lens: Int32Array }>, numeric: readonly boolean[]): void {
    const p = this.params;
    const w = this.width;
    const { nums, text, lens } = b;
    let ni = 0;
    let ti = 0;
    let off = 0;
    for (let r = 0; r < b.rows; r++) {
      for (let k = 0; k < w; k++) {
        if (numeric[k]) {
          const x = nums[ni++]!;
          p[this.pos++] = x === x ? x : null;
        } else {
          const len = lens[ti++]!;
          if (len < 0) p[this.pos++] = null;
          else {
            p[this.pos++] = text.slice(off, off + len);
            off += len;
          }
        }
      }
      if (++this.rows === this.perStmt) {
        this.big.run(p);
        this.pos = 0;
        this.rows = 0;
      }
    }
  }

  flush(): void {
    for (let r = 0; r < this.rows; r++) this.one.run(this.params.slice(r * this.width, (r + 1) * this.width));
    this.pos = 0;
    this.rows = 0;
  }
}
