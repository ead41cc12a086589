import { z } from 'zod';
import { method } from './define';
import { ByEvent, ById, Id, IsoDateTime, LongText } from './common';

// ── Agenda ───────────────────────────────────────────────────────────────────
export const ACTIVITIES = ['brainstorm', 'voting', 'root-cause', 'prioritisation', 'actions', 'mapping', 'review', 'break'] as const;
export const Activity = z.enum(ACTIVITIES);
export type Activity = z.infer<typeof Activity>;
export const ACTIVITY_LABELS: Readonly<Record<Activity, string>> = {
  brainstorm: 'Brainstorm',
  voting: 'Voting',
  'root-cause': 'Root cause',
  prioritisation: 'Prioritisation',
  actions: 'Actions',
  mapping: 'Mapping',
  review: 'Review',
  break: 'Break',
};

export const AgendaFields = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(300),
  day: z.number().int().min(1, 'days start at 1').max(60),
  activity: Activity,
  plannedMinutes: z.number().int().min(0).max(24 * 60, 'at most 24 hours'),
  ownerId: Id.nullable(),
  notes: LongText,
});
export type AgendaFields = z.infer<typeof AgendaFields>;
export const AgendaSession = AgendaFields.extend({
  id: Id,
  eventId: Id,
  position: z.number().int(),
  actualStart: IsoDateTime.nullable(),
  actualEnd: IsoDateTime.nullable(),
});
export type AgendaSession = z.infer<typeof AgendaSession>;

// ── Timer ────────────────────────────────────────────────────────────────────
/** Longest timer: 24 hours. Shortest: 1 second. */
export const MAX_TIMER_MS = 24 * 3600 * 1000;
export const TimerState = z.object({
  eventId: Id,
  state: z.enum(['idle', 'running', 'paused']),
  durationMs: z.number().int().min(0),
  /** Remaining at `serverNow` (negative never: floored at 0). */
  remainingMs: z.number().int().min(0),
  /** When a running timer reaches zero; null unless running. */
  endsAt: IsoDateTime.nullable(),
  serverNow: IsoDateTime,
  sound: z.boolean(),
  currentSessionId: Id.nullable(),
});
export type TimerState = z.infer<typeof TimerState>;
const TimerMs = z.number().int().min(1000, 'at least 1 second').max(MAX_TIMER_MS, 'at most 24 hours');

// ── Agenda clock times ───────────────────────────────────────────────────────
/** "09:00": when a day of the agenda starts (local time of day). */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM, e.g. 09:00');
export const AgendaDay = z.object({ day: z.number().int().min(1).max(60), startTime: ClockTime });
export type AgendaDay = z.infer<typeof AgendaDay>;

// ── Locked pass-the-laptop mode ──────────────────────────────────────────────
export const LockKind = z.enum(['round', 'vote']);
export const ParticipantLock = z.object({
  eventId: Id,
  /** What the participant screen shows: the open anonymous round or the open secret ballot. */
  kind: LockKind,
  refId: Id,
  /** The facilitator whose passphrase ends the lock. */
  facilitatorId: Id,
  facilitatorName: z.string(),
  lockedAt: IsoDateTime,
});
export type ParticipantLock = z.infer<typeof ParticipantLock>;
/** The facilitator's passphrase, given to leave the participant screen or to act while it is locked. */
const Passphrase = z.string().min(1, 'must not be empty').max(200);

// ── Ideas ────────────────────────────────────────────────────────────────────
export const IdeaFields = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  /** null when the idea is anonymous. */
  author: z.string().trim().max(200).nullable(),
  category: z.string().trim().max(200),
  stageRef: z.string().max(200).nullable(),
  kpiRef: z.string().max(200).nullable(),
  /** Affinity group (owned by the affinity area); null when ungrouped. */
  groupId: Id.nullable(),
});
export type IdeaFields = z.infer<typeof IdeaFields>;
export const Idea = IdeaFields.extend({ id: Id, eventId: Id, position: z.number().int(), createdAt: IsoDateTime });
export type Idea = z.infer<typeof Idea>;

// ── Pass-the-laptop anonymous input ──────────────────────────────────────────
export const RoundEntry = z.object({ id: Id, text: z.string() });
export const InputRound = z.object({
  id: Id,
  eventId: Id,
  prompt: z.string(),
  category: z.string(),
  status: z.enum(['open', 'closed']),
  /** 1-based number of the participant whose turn it is. */
  participant: z.number().int().min(1),
  /** 'handover': the screen is blank until the next person starts; 'entering': they are typing. */
  phase: z.enum(['handover', 'entering']),
  /** How many entries all participants have made (a count reveals nothing about content). */
  entryCount: z.number().int(),
  /** Only the current participant's entries, and only while they are entering. */
  myEntries: z.array(RoundEntry),
  createdAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
});
export type InputRound = z.infer<typeof InputRound>;
const EntryText = z.string().trim().min(1, 'must not be empty').max(2000);

// ── Secret dot voting ────────────────────────────────────────────────────────
export const Voter = z.object({ label: z.string().trim().min(1, 'must not be empty').max(200), memberId: Id.nullable() });
export const Candidate = z.object({ ideaId: Id, text: z.string() });
/** Dots placed on ideas: ideaId → number of dots. */
export const Dots = z.record(Id, z.number().int().min(0).max(1000));
export type Dots = z.infer<typeof Dots>;
export const TallyRow = z.object({
  ideaId: Id,
  text: z.string(),
  dots: z.number().int(),
  /** How many voters put at least one dot on it. */
  voters: z.number().int(),
  /** Standard competition rank: ties share a rank, the next rank skips ("1, 2, 2, 4"). */
  rank: z.number().int(),
});
export type TallyRow = z.infer<typeof TallyRow>;
export const VoteSession = z.object({
  id: Id,
  eventId: Id,
  title: z.string(),
  dotsPerVoter: z.number().int(),
  maxPerIdea: z.number().int().nullable(),
  voters: z.array(Voter.extend({ index: z.number().int(), hasVoted: z.boolean() })),
  candidates: z.array(Candidate),
  status: z.enum(['open', 'revealed']),
  /** Index of the voter whose ballot is open on screen; null between voters. */
  currentVoter: z.number().int().nullable(),
  votedCount: z.number().int(),
  /** The current voter's unconfirmed dots (autosaved); empty between voters and after reveal. */
  draft: Dots,
  /** null while the session is open: tallies stay secret until the facilitator reveals them. */
  tally: z.array(TallyRow).nullable(),
  createdAt: IsoDateTime,
  revealedAt: IsoDateTime.nullable(),
});
export type VoteSession = z.infer<typeof VoteSession>;
const VoterRef = z.object({ id: Id, voterIndex: z.number().int().min(0) });

export const workshopMethods = {
  'agenda-list': method(ByEvent, z.array(AgendaSession)),
  'agenda-add': method(
    z.object({ eventId: Id, id: Id.optional(), session: AgendaFields.partial().extend({ title: AgendaFields.shape.title }), position: z.number().int().optional() }),
    AgendaSession,
  ),
  'agenda-update': method(z.object({ id: Id, patch: AgendaFields.partial() }), AgendaSession),
  'agenda-remove': method(ById, AgendaSession),
  /** Moves a session to `day` at 0-based `index` among that day's sessions. */
  'agenda-move': method(z.object({ id: Id, day: z.number().int().min(1).max(60), index: z.number().int().min(0) }), z.array(AgendaSession)),
  /** Makes a session current and records its actual start (first time only). */
  'agenda-start': method(ById, AgendaSession),
  'agenda-end': method(ById, AgendaSession),
  /**
   * Makes a session the current agenda item (presenter → / ←). The clock goes idle showing the item's planned
   * minutes; a timer still running for another item is a CONFLICT unless `stopRunning` (the previous item's actual
   * end is recorded then).
   */
  'agenda-current': method(z.object({ eventId: Id, sessionId: Id, stopRunning: z.boolean().optional() }), TimerState),
  /**
   * Starts an item: current, actual start recorded (first time), timer started for `durationMs` (default: its planned
   * minutes). A timer running for another item is a CONFLICT unless `stopRunning`.
   */
  'agenda-run': method(z.object({ id: Id, durationMs: TimerMs.optional(), stopRunning: z.boolean().optional() }), TimerState),
  /** Each day's start time (days without one start at 09:00). */
  'agenda-days': method(ByEvent, z.array(AgendaDay)),
  'agenda-day-set': method(z.object({ eventId: Id, day: AgendaDay.shape.day, startTime: ClockTime }), z.array(AgendaDay)),

  /** The lock of this event, or null. */
  'lock-get': method(ByEvent, ParticipantLock.nullable()),
  /** The lock the app must show whatever page it is on (the most recent of any event), or null. */
  'lock-active': method(z.object({}).default({}), ParticipantLock.nullable()),
  /** Locks the laptop on the participant screen of the event's open round or vote; the current facilitator needs a passphrase. */
  'lock-enter': method(z.object({ eventId: Id, kind: LockKind, id: Id }), ParticipantLock),
  /** Back to editing: the facilitator's passphrase (verified in main, with its lockout after wrong tries). */
  'lock-leave': method(z.object({ eventId: Id, passphrase: Passphrase }), z.object({ eventId: Id, unlocked: z.literal(true) })),

  'timer-get': method(ByEvent, TimerState),
  /** Starts (or restarts with a new duration) the timer; without durationMs resumes a paused timer. */
  'timer-start': method(z.object({ eventId: Id, durationMs: TimerMs.optional(), sessionId: Id.nullable().optional() }), TimerState),
  'timer-pause': method(ByEvent, TimerState),
  'timer-extend': method(z.object({ eventId: Id, ms: TimerMs }), TimerState),
  'timer-reset': method(ByEvent, TimerState),
  'timer-sound': method(z.object({ eventId: Id, sound: z.boolean() }), TimerState),
  /** Sets the current agenda item (presenter navigation) without touching the timer. */
  'timer-current': method(z.object({ eventId: Id, sessionId: Id.nullable() }), TimerState),

  'idea-list': method(ByEvent, z.array(Idea)),
  'idea-add': method(
    z.object({ eventId: Id, id: Id.optional(), idea: IdeaFields.partial().extend({ text: IdeaFields.shape.text }), position: z.number().int().optional() }),
    Idea,
  ),
  'idea-update': method(z.object({ id: Id, patch: IdeaFields.partial() }), Idea),
  'idea-remove': method(ById, Idea),
  /** Folds `sourceIds` into `targetId` (texts appended); returns the merged idea and the removed ones. */
  'idea-merge': method(
    z.object({ targetId: Id, sourceIds: z.array(Id).min(1, 'pick at least one idea to merge').max(200) }),
    z.object({ merged: Idea, before: Idea, removed: z.array(Idea) }),
  ),

  'round-list': method(ByEvent, z.array(InputRound)),
  'round-open': method(z.object({ eventId: Id, prompt: z.string().trim().min(1, 'must not be empty').max(500), category: z.string().trim().max(200).optional() }), InputRound),
  'round-get': method(ById, InputRound),
  /** The next participant takes the laptop: their (empty) entry screen opens. */
  'round-begin': method(ById, InputRound),
  'round-entry-add': method(z.object({ roundId: Id, text: EntryText }), InputRound),
  'round-entry-update': method(z.object({ roundId: Id, entryId: Id, text: EntryText }), InputRound),
  'round-entry-remove': method(z.object({ roundId: Id, entryId: Id }), InputRound),
  /** "Pass the laptop": hides the current participant's entries and waits for the next one. */
  'round-pass': method(ById, InputRound),
  /** Facilitator closes the round: entries become unattributed ideas, in shuffled order. While locked on it, needs `passphrase`. */
  'round-close': method(ById.extend({ passphrase: Passphrase.optional() }), z.object({ round: InputRound, ideas: z.array(Idea) })),

  'vote-list': method(ByEvent, z.array(VoteSession)),
  /** Opens a secret vote; only one vote per event can be open at a time (CONFLICT otherwise). */
  'vote-open': method(
    z.object({
      eventId: Id,
      title: z.string().trim().min(1, 'must not be empty').max(300),
      dotsPerVoter: z.number().int().min(1).max(100),
      maxPerIdea: z.number().int().min(1).max(100).nullable().optional(),
      voters: z.array(Voter).min(1, 'add at least one voter').max(200),
      ideaIds: z.array(Id).min(1, 'pick at least one idea').max(500).optional(),
    }),
    VoteSession,
  ),
  'vote-get': method(ById, VoteSession),
  'vote-begin': method(VoterRef, VoteSession),
  /** Autosaves the current voter's unconfirmed dots. */
  'vote-draft': method(VoterRef.extend({ dots: Dots }), VoteSession),
  /** Confirms the current voter's ballot; a second ballot from the same voter is a CONFLICT. */
  'vote-cast': method(VoterRef.extend({ dots: Dots }), VoteSession),
  /** Abandons the current voter's unconfirmed ballot (they can start again). */
  'vote-cancel-ballot': method(VoterRef, VoteSession),
  /** While the laptop is locked on this vote, needs the facilitator's `passphrase` (and ends the lock). */
  'vote-reveal': method(ById.extend({ passphrase: Passphrase.optional() }), VoteSession),
  'vote-remove': method(ById.extend({ passphrase: Passphrase.optional() }), z.object({ id: Id })),
} as const;
