/**
 * One text column's dictionary on the import's fast path: its distinct short values, keyed by their
 * bytes. A log's category columns (endpoint, region, decision…) repeat a handful of values a million
 * times; once a value has a code, a repeat costs a hash of its bytes — no string, no Map lookup, nothing
 * added to the block's text — and the block carries the code (rowProducer's Block, TableWriter).
 */
export const DICT_CODES = 256;
/** Longer values are never coded (they are rarely repeated, and hashing them would cost more than it saves). */
export const DICT_KEY_BYTES = 64;
const SLOTS = 1024; // a power of two ≥ 2 × DICT_CODES
/**
 * A full dictionary judges itself on this many further lookups: fewer than half of them hits (an
 * identifier column, say) and it stops looking, so such a column pays for a hash only briefly.
 */
const CLOSE_AFTER = 4096;
/** find(): not in the dictionary (add() may follow); not codable (too long, or the dictionary is full). */
export const NOT_FOUND = -1;
export const NOT_CODABLE = -2;

export class ByteDict {
  /** Per code: the value as read, and the value stored (null when the text means missing, e.g. "NA"). */
  readonly raws: string[] = [];
  readonly values: (string | null)[] = [];
  private readonly slots = new Int32Array(SLOTS).fill(-1);
  private readonly keyAt = new Int32Array(DICT_CODES);
  private readonly keyLen = new Int32Array(DICT_CODES);
  private readonly pool = new Uint8Array(DICT_CODES * DICT_KEY_BYTES);
  private poolUsed = 0;
  /** The free slot find() stopped at, for the add() that follows a miss. */
  private free = -1;
  /** Once full: lookups and hits since; a full dictionary that mostly misses stops looking (closed). */
  private fullLookups = 0;
  private fullHits = 0;
  private closed = false;

  get size(): number {
    return this.values.length;
  }

  /** The code of the bytes b[s, e), NOT_FOUND, or NOT_CODABLE. */
  find(b: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (len > DICT_KEY_BYTES || this.closed) return NOT_CODABLE;
    const full = this.values.length >= DICT_CODES;
    if (full && ++this.fullLookups === CLOSE_AFTER) this.closed = this.fullHits < CLOSE_AFTER / 2;
    let h = len;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    let slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const { slots, keyAt, keyLen, pool } = this;
    for (;;) {
      const code = slots[slot]!;
      if (code < 0) break;
      if (keyLen[code] === len) {
        let i = 0;
        const at = keyAt[code]!;
        while (i < len && pool[at + i] === b[s + i]) i++;
        if (i === len) {
          if (full) this.fullHits++;
          return code;
        }
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    if (full) return NOT_CODABLE;
    this.free = slot;
    return NOT_FOUND;
  }

  /** Adds the bytes find() just missed, with their text and stored value; returns the new code. */
  add(b: Uint8Array, s: number, e: number, raw: string, value: string | null): number {
    const code = this.values.length;
    const len = e - s;
    this.pool.set(b.subarray(s, e), this.poolUsed);
    this.keyAt[code] = this.poolUsed;
    this.keyLen[code] = len;
    this.poolUsed += len;
    this.slots[this.free] = code;
    this.raws.push(raw);
    this.values.push(value);
    return code;
  }
}
