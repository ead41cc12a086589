import { z } from 'zod';
import { A3Fields, A3Paper } from '../../../common/contract/schemas/reports';
import type { A3Paper as A3PaperT, ReportSettings } from '../../../common/contract/schemas/reports';
import type { Db } from '../connection';
import { parseJson } from '../rowMapping';

/** The fields the team edited (absent = filled from the event's data). */
export type A3Edits = Partial<z.infer<typeof A3Fields>>;

const EditsJson = A3Fields.partial();

export function findA3(db: Db, eventId: string): { edits: A3Edits; paper: A3PaperT; updatedAt: string } | null {
  const row = db.prepare('SELECT edited, paper, updated_at FROM report_a3 WHERE event_id = ?').get(eventId) as
    | { edited: string; paper: string; updated_at: string }
    | undefined;
  if (!row) return null;
  // A damaged row must not make the A3 unreadable: fall back to "nothing edited".
  const parsed = EditsJson.safeParse(parseJson(row.edited, {}));
  return { edits: parsed.success ? parsed.data : {}, paper: A3Paper.catch('A3').parse(row.paper), updatedAt: row.updated_at };
}

export function saveA3(db: Db, eventId: string, edits: A3Edits, paper: A3PaperT, at: string): void {
  db.prepare(
    `INSERT INTO report_a3 (event_id, edited, paper, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(event_id) DO UPDATE SET edited = excluded.edited, paper = excluded.paper, updated_at = excluded.updated_at`,
  ).run(eventId, JSON.stringify(edits), paper, at);
}

export function findSettings(db: Db, eventId: string): ReportSettings {
  const row = db.prepare('SELECT sections, bom FROM report_settings WHERE event_id = ?').get(eventId) as
    | { sections: string | null; bom: number }
    | undefined;
  if (!row) return { sections: null, bom: false };
  const sections = row.sections === null ? null : z.array(z.string()).catch([]).parse(parseJson(row.sections, []));
  return { sections, bom: row.bom === 1 };
}

export function saveSettings(db: Db, eventId: string, s: ReportSettings, at: string): void {
  db.prepare(
    `INSERT INTO report_settings (event_id, sections, bom, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(event_id) DO UPDATE SET sections = excluded.sections, bom = excluded.bom, updated_at = excluded.updated_at`,
  ).run(eventId, s.sections === null ? null : JSON.stringify(s.sections), s.bom ? 1 : 0, at);
}
