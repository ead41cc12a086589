import type { Db } from '../db/connection';
import type Database from 'better-sqlite3';
import { storageOf } from './columnTypes';
import type { ColumnType } from './columnTypes';
import type { Cell } from './convert';
import type { PackWriter } from '../db/repositories/columnPacks';

/** The table holding a version's own rows: named from its id (letters and digits only). */
export function versionTableName(versionId: string): string {
  return `ds_${versionId.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** Table names come from ids only (never user text); checked again here before any SQL is built. */
export function assertTableName(name: string): string {
  if (!/^ds_[A-Za-z0-9]{1,64}$/.test(name)) throw new Error(`invalid dataset table name ${name}`);
  return name;
}

/**
 * One STRICT table per version: columns c0…cN typed INTEGER/REAL/TEXT; the rowid keeps file order.
 * `comment` (an SQL comment, kept in sqlite_master) marks the import that created it.
 */
export function createVersionTable(db: Db, table: string, cols: readonly { type: ColumnType; sqlName: string }[], comment = ''): void {
  const defs = cols.map((c) => `${c.sqlName} ${storageOf(c.type)}`).join(', ');
  if (comment !== '' && !/^\/\*[^*]*\*\/$/.test(comment)) throw new Error('invalid table comment');
  db.exec(`CREATE TABLE "${assertTableName(table)}" (${comment}${defs}) STRICT`);
}

/** A dictionary small enough to spell out in the statement (per column, and in all per row). */
const CASE_MAX = 32;
const CASE_MAX_ROW = 64;

type BlockIn = Readonly<{ rows: number; nums: Float64Array; text: string; lens: Int32Array; dict: readonly (readonly [number, string | null])[] }>;

/** An SQL string literal ('' doubles a quote); values with a NUL are never spelt out. */
function sqlLiteral(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * Batched multi-row INSERTs of parsed Blocks (see rowProducer), one parameter per value. Dictionary-coded
 * text values the first block already coded are written into the statement itself —
 * `INSERT … SELECT coalesce(CASE column2 WHEN 0 THEN 'EU' … END, column2) … FROM (VALUES (?, ?, …), …)` —
 * so a repeat binds a small number instead of a string (better-sqlite3 copies every bound string twice);
 * other values of such a column are bound as their text (a text never equals an integer in CASE, so it
 * falls through to coalesce's second argument unchanged).
 */
export class TableWriter {
  private readonly perStmt: number;
  private big: Database.Statement | null = null;
  private one: Database.Statement | null = null;
  private params: Cell[] = [];
  private pos = 0;
  private rows = 0;
  /** Per text column: the values of its dictionary codes, and how many of them the statement spells out. */
  private readonly dicts: (string | null)[][] = [];
  private inStmt: number[] = [];

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly numeric: readonly boolean[],
    /** Packs of the numeric columns (migration 0230), written in the same transactions as the rows. */
    private readonly packs: PackWriter | null = null,
  ) {
    // Parameters are passed spread (run(...params)), which better-sqlite3 binds faster than an array; the
    // statement size barely matters past a few hundred rows, so it stays well inside any stack limit.
    this.perStmt = Math.max(1, Math.min(256, Math.floor(4096 / numeric.length)));
    assertTableName(table);
  }

  /** Prepares the statements once the first block's dictionary codes are known. */
  private prepare(): void {
    let budget = CASE_MAX_ROW;
    let j = 0;
    const cells: string[] = [];
    for (const isNum of this.numeric) {
      const col = `column${cells.length + 1}`;
      if (isNum) {
        cells.push(col);
        continue;
      }
      // Codes 0 … spelt−1 are spelt out: up to the first value with a NUL (SQL text cannot hold one).
      const d = this.dicts[j] ?? [];
      const nul = d.findIndex((v) => v !== null && v.includes('\0'));
      const spelt = d.length <= CASE_MAX && d.length <= budget ? (nul < 0 ? d.length : nul) : 0;
      const whens = d.slice(0, spelt).flatMap((v, c) => (v === null ? [] : [`WHEN ${c} THEN ${sqlLiteral(v)}`]));
      this.inStmt[j] = whens.length > 0 ? spelt : 0;
      budget -= this.inStmt[j]!;
      cells.push(whens.length > 0 ? `coalesce(CASE ${col} ${whens.join(' ')} END, ${col})` : col);
      j++;
    }
    // The rows come in as a VALUES list (columns column1…N) and the SELECT turns codes into their text:
    // one parameter per value, where binding `CASE ?` and `?` in each row would take two.
    const row = `(${cells.map(() => '?').join(',')})`;
    const select = `INSERT INTO "${this.table}" SELECT ${cells.join(',')} FROM (VALUES `;
    this.params = new Array<Cell>(this.perStmt * cells.length).fill(null);
    this.big = this.db.prepare(`${select}${new Array(this.perStmt).fill(row).join(',')})`);
    this.one = this.db.prepare(`${select}${row})`);
  }

  addBlock(b: BlockIn): void {
    // One parameter per value; a spelt-out code is bound as that integer, any other text as itself.
    for (const [j, v] of b.dict) (this.dicts[j] ??= []).push(v);
    if (!this.big) this.prepare();
    const p = this.params;
    const numeric = this.numeric;
    const w = numeric.length;
    const { nums, text, lens } = b;
    const { dicts, inStmt, packs } = this;
    const pb = packs?.buffers ?? null;
    let ni = 0;
    let ti = 0;
    let off = 0;
    for (let r = 0; r < b.rows; r++) {
      const at = packs ? packs.row : 0;
      for (let k = 0, j = 0, q = 0; k < w; k++) {
        if (numeric[k]) {
          const x = nums[ni++]!;
          // + 0: SQLite stores −0 as 0, and the packs hold what the rows give back.
          if (pb) pb[q++]![at] = x + 0;
          p[this.pos++] = x === x ? x : null;
          continue;
        }
        const len = lens[ti++]!;
        let v: string | null;
        if (len >= 0) {
          v = text.slice(off, off + len);
          off += len;
        } else if (len === -1) v = null;
        else {
          const code = -2 - len;
          v = dicts[j]![code]!;
          // Spelt out in the statement: the code (a code without a value is missing: null, as below).
          if (code < inStmt[j]! && v !== null) {
            p[this.pos++] = code;
            j++;
            continue;
          }
        }
        p[this.pos++] = v;
        j++;
      }
      packs?.endRow();
      if (++this.rows === this.perStmt) {
        this.big!.run(...p);
        this.pos = 0;
        this.rows = 0;
      }
    }
  }

  /** Per text column: how many dictionary codes the statement spells out. */
  spelt(): readonly number[] {
    return this.inStmt;
  }

  flush(): void {
    const perRow = this.params.length / this.perStmt;
    for (let r = 0; r < this.rows; r++) this.one!.run(this.params.slice(r * perRow, (r + 1) * perRow));
    this.pos = 0;
    this.rows = 0;
    this.packs?.flush();
  }
}
