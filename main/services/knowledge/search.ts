import { AppError } from '../../../common/contract/errors';
import { LESSON_KIND_LABELS, SEARCH_KIND_SECTIONS } from '../../../common/contract/schemas/knowledge';
import type { LessonKind, SearchHit, SearchKind, SimilarCountermeasure } from '../../../common/contract/schemas/knowledge';
import type { ServiceContext } from '../../context';
import * as improve from '../../db/repositories/improve';
import { searchDocs } from '../../db/repositories/knowledge';
import type { SearchRow } from '../../db/repositories/knowledge';
import { actionEvidence, describeExpected } from '../improve/verification';
import { requireEvent } from '../lookups';
import { ftsQuery, requireFtsQuery, snippetParts } from './ftsQuery';

/** FTS5 reports a bad expression as an SQLite error; our expressions are built safe, but never let one crash a call. */
function runSearch(ctx: Pick<ServiceContext, 'db'>, match: string, opts: Parameters<typeof searchDocs>[2]) {
  try {
    return searchDocs(ctx.db, match, opts);
  } catch (e) {
    if (e instanceof Error && /fts5|MATCH/i.test(e.message)) throw new AppError('BAD_INPUT', `The search could not be read: ${e.message}`, { reason: 'fts-syntax' });
    throw e;
  }
}

const titleOf = (r: SearchRow): string => (r.kind === 'lesson' ? (LESSON_KIND_LABELS[r.title as LessonKind] ?? r.title) : r.title);

/** Search over every event in the store (archived included, deleted left out), best bm25 match first. */
export function searchKnowledge(
  ctx: Pick<ServiceContext, 'db'>,
  query: string,
  opts: { limit: number; kinds?: readonly SearchKind[] },
): { query: string; total: number; results: SearchHit[] } {
  const match = requireFtsQuery(query);
  const { total, rows } = runSearch(ctx, match, { limit: opts.limit, kinds: opts.kinds });
  return {
    query: match,
    total,
    results: rows.map((r) => ({
      kind: r.kind,
      itemId: r.itemId,
      eventId: r.eventId,
      eventName: r.eventName,
      eventArchived: r.archivedAt !== null,
      section: SEARCH_KIND_SECTIONS[r.kind],
      title: titleOf(r),
      snippet: snippetParts(r.snippet),
      score: r.score,
    })),
  };
}

/** What the KPI showed, and for an action verified by override, the reason given (the evidence did not show it). */
function achievedText(actual: string | null, overrideReason: string | null): string | null {
  if (overrideReason === null) return actual;
  return `${actual ? `${actual}; ` : ''}verified by override: ${overrideReason}`;
}

/**
 * Actions of other events that read like `text` (any of its words of 3+ letters, bm25 over the action's title,
 * description, expected effect and verification), each with the KPI change it achieved: the evidence stored when
 * it was verified, else (done, with an expected effect) the evidence measured now.
 */
export function similarCountermeasures(ctx: ServiceContext, eventId: string, text: string, limit: number): SimilarCountermeasure[] {
  requireEvent(ctx, eventId);
  const match = ftsQuery(text, 'any', { minLength: 3, max: 12 });
  if (match === null) return [];
  const { rows } = runSearch(ctx, match, { limit, kinds: ['action'], excludeEventId: eventId, tokens: 10 });
  const out: SimilarCountermeasure[] = [];
  for (const r of rows) {
    const a = improve.findAction(ctx.db, r.itemId);
    if (!a) continue;
    let evidence = a.verification?.evidence ?? null;
    if (!evidence && (a.status === 'done' || a.status === 'verified') && a.expectedEffect) evidence = actionEvidence(ctx, a);
    out.push({
      actionId: a.id,
      eventId: r.eventId,
      eventName: r.eventName,
      title: a.title,
      status: a.status,
      snippet: snippetParts(r.snippet),
      expected: a.expectedEffect ? describeExpected(a.expectedEffect, a.expectedEffect.kpi) : null,
      achieved: achievedText(evidence?.actual ?? null, a.verification?.by === 'override' ? a.verification.reason : null),
      percentChange: evidence?.percentChange ?? null,
      verified: a.status === 'verified',
      score: r.score,
    });
  }
  return out;
}
