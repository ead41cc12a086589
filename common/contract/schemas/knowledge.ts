import { z } from 'zod';
import { method } from './define';
import { ById, ByEvent, Id, IsoDateTime } from './common';
import { KaizenEvent } from './events';
import { Acting } from './governance';

// Archived events, lessons learned, search across events and similar countermeasures (issue 18).

export const LESSON_KINDS = ['worked', 'did-not-work', 'next-time'] as const;
export const LessonKind = z.enum(LESSON_KINDS);
export type LessonKind = z.infer<typeof LessonKind>;
export const LESSON_KIND_LABELS: Readonly<Record<LessonKind, string>> = {
  worked: 'What worked',
  'did-not-work': 'What did not work',
  'next-time': 'What to do next time',
};

const LessonText = z.string().trim().min(1, 'must not be empty').max(2000);

export const Lesson = z.object({
  id: Id,
  eventId: Id,
  kind: LessonKind,
  text: z.string(),
  position: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Lesson = z.infer<typeof Lesson>;

/** The kinds of item search finds, and the event section each one opens in. */
export const SEARCH_KINDS = ['charter', 'whys-problem', 'why', 'cause', 'idea', 'action', 'decision', 'lesson', 'review'] as const;
export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;
export const SEARCH_KIND_LABELS: Readonly<Record<SearchKind, string>> = {
  charter: 'Charter',
  'whys-problem': '5 Whys problem',
  why: '5 Whys',
  cause: 'Fishbone cause',
  idea: 'Idea',
  action: 'Action',
  decision: 'Decision',
  lesson: 'Lesson learned',
  review: 'Review',
};
/** Where each kind lives in the event (section ids of the renderer's sidebar). */
export const SEARCH_KIND_SECTIONS: Readonly<Record<SearchKind, string>> = {
  charter: 'charter',
  'whys-problem': 'rootcause',
  why: 'rootcause',
  cause: 'rootcause',
  idea: 'ideas',
  action: 'actions',
  decision: 'decisions',
  lesson: 'lessons',
  review: 'reviews',
};

/** A piece of a snippet: `hit` pieces are the matched words (the renderer marks them with <mark>, never as HTML). */
export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() });
export type SnippetPart = z.infer<typeof SnippetPart>;

export const SearchHit = z.object({
  kind: SearchKind,
  itemId: Id,
  eventId: Id,
  eventName: z.string(),
  eventArchived: z.boolean(),
  section: z.string(),
  title: z.string(),
  snippet: z.array(SnippetPart),
  /** bm25 (title weighted 2, body 1); lower is a better match, as SQLite reports it. */
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchQuery = z.string().trim().min(1, 'type something to search for').max(200);

export const SimilarCountermeasure = z.object({
  actionId: Id,
  eventId: Id,
  eventName: z.string(),
  title: z.string(),
  status: z.string(),
  snippet: z.array(SnippetPart),
  /** "p95 latency down by ≥ 20 %" — what the action set out to do; null without an expected effect. */
  expected: z.string().nullable(),
  /** The KPI change it achieved, in words, from its evidence; null when nothing was measured. */
  achieved: z.string().nullable(),
  percentChange: z.number().nullable(),
  verified: z.boolean(),
  score: z.number(),
});
export type SimilarCountermeasure = z.infer<typeof SimilarCountermeasure>;

export const knowledgeMethods = {
  /** Makes the event read-only: every change to it is refused until it is reopened. Logged. */
  'event-archive': method(z.object({ id: Id, reason: z.string().trim().max(500).optional() }), KaizenEvent),
  /** Reopens an archived event; needs the facilitator's passphrase when the facilitator has one. Logged. */
  'event-reopen': method(z.object({ id: Id, acting: Acting.optional() }), KaizenEvent),

  'lesson-list': method(ByEvent, z.array(Lesson)),
  'lesson-add': method(
    z.object({ eventId: Id, id: Id.optional(), kind: LessonKind, text: LessonText, position: z.number().int().min(0).optional() }),
    Lesson,
  ),
  'lesson-update': method(z.object({ id: Id, patch: z.object({ kind: LessonKind.optional(), text: LessonText.optional() }) }), Lesson),
  /** Returns the removed lesson; undo adds it back with the same id and position. */
  'lesson-remove': method(ById, Lesson),

  /** Full-text search over every event in the store, archived ones included (deleted ones left out). */
  'knowledge-search': method(
    z.object({ query: SearchQuery, limit: z.number().int().min(1).max(200).default(30), kinds: z.array(SearchKind).max(SEARCH_KINDS.length).optional() }),
    z.object({ query: z.string(), total: z.number().int(), results: z.array(SearchHit) }),
  ),
  /** Actions of other events like `text`, with the KPI change they achieved (for brainstorming and new actions). */
  'knowledge-similar': method(
    z.object({ eventId: Id, text: z.string().max(2000), limit: z.number().int().min(1).max(20).default(5) }),
    z.array(SimilarCountermeasure),
  ),
} as const;
