import type { Db } from '../../db/connection';
import { canonicalJson } from '../../db/changeLog';

export const REDACTIONS = ['rows', 'names', 'free-text'] as const;
export type Redaction = (typeof REDACTIONS)[number];

/** Columns that hold one person's name (a copy kept for the record): replaced whole by the person's role label. */
const PERSON_COLUMN = /^((requester|approver|member|owner|actor|override_by|reviewer)_name|sponsor|facilitator|decided_by|raised_by|author|created_by|recorded_by|set_by|updated_by|actor)$/;
/** Free-text notes: emptied by the `free-text` redaction. */
const NOTE_COLUMN = /^(notes?|comments?)$/;
/** Tables whose rows are raw data (the quarantine keeps the rejected raw values): dropped with `rows`. */
export const RAW_ROW_TABLES: ReadonlySet<string> = new Set(['dataset_quarantine']);

export type Redactor = Readonly<{
  redactions: readonly Redaction[];
  /** The row as it goes into the archive (a new object; the input is not changed). */
  row: (table: string, row: Record<string, unknown>) => Record<string, unknown>;
  /** Free text outside rows (the change log's actor, reason and payload). */
  text: (s: string) => string;
  person: (s: string) => string;
  /** A change-log entry's copy of a row (canonical JSON of some of its columns), redacted like the row itself. */
  recordJson: (table: string, json: string | null) => string | null;
}>;

function roleLabel(role: string): string {
  const s = role.replace(/[-_]+/g, ' ').trim();
  return s ? s[0]!.toUpperCase() + s.slice(1) : 'Team member';
}

/**
 * The redactions of an export. `names`: every team member's name becomes their role label ("Facilitator",
 * "Data engineer 2"), wherever it appears in text; columns that hold a person's name and match no member become
 * "Participant". `free-text`: notes and comments are emptied. `rows` is applied by the exporter (no raw dataset
 * rows, no quarantine rows); profiles, stored results and KPI series stay.
 */
export function makeRedactor(db: Db, eventId: string, redactions: readonly Redaction[]): Redactor {
  const names = redactions.includes('names');
  const notes = redactions.includes('free-text');
  const labels = new Map<string, string>();
  if (names) {
    const members = db.prepare('SELECT name, role FROM team_members WHERE event_id = ? ORDER BY position, rowid').all(eventId) as { name: string; role: string }[];
    const used = new Map<string, number>();
    for (const m of members) {
      const base = roleLabel(m.role);
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      if (m.name.trim()) labels.set(m.name.trim(), n === 1 ? base : `${base} ${n}`);
    }
  }
  // Longest names first, so "Ann Lee" is replaced before "Ann".
  const ordered = [...labels.entries()].filter(([n]) => n.length >= 2).sort((a, b) => b[0].length - a[0].length);
  const text = (s: string): string => {
    if (!names || s === '') return s;
    let out = s;
    for (const [n, l] of ordered) if (out.includes(n)) out = out.split(n).join(l);
    return out;
  };
  const person = (s: string): string => {
    if (!names || s.trim() === '') return s;
    return labels.get(s.trim()) ?? (text(s) !== s ? text(s) : 'Participant');
  };
  const value = (table: string, column: string, v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    if (notes && NOTE_COLUMN.test(column)) return '';
    if (!names) return v;
    if (table === 'team_members' && column === 'name') return labels.get(v.trim()) ?? 'Team member';
    if (PERSON_COLUMN.test(column)) return person(v);
    return text(v);
  };
  const row = (table: string, r: Record<string, unknown>): Record<string, unknown> => {
    if (!names && !notes) return r;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[k] = value(table, k, v);
    return out;
  };
  const recordJson = (table: string, json: string | null): string | null => {
    if (json === null || (!names && !notes)) return json;
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return canonicalJson(row(table, parsed));
  };
  return { redactions, row, text, person, recordJson };
}
