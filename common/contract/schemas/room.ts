import { z } from 'zod';
import { method } from './define';
import { Id, IsoDateTime } from './common';
import { Dots, TallyRow } from './workshop';

/**
 * Room mode: participants join from their own phones over the room's network (no internet, no accounts).
 * The facilitator's methods (room-interfaces/start/stop/status/remove) run in the app like any other; the
 * participant's methods (PARTICIPANT_METHODS) are the only ones the room listener accepts, and only with a
 * participant token (main/room/).
 */

/** The only methods a participant token may call on the room listener; everything else answers 403. */
export const PARTICIPANT_METHODS = ['room-view', 'room-idea-add', 'room-ballot-cast'] as const;
export type ParticipantMethod = (typeof PARTICIPANT_METHODS)[number];

/** Join codes: 6 characters without look-alikes (no 0/O, 1/I/L), typed on a phone from the projector. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JoinCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[2-9A-HJKMNP-Z]{6}$/, 'a join code is 6 letters and digits, as shown on the projector'));

export const NetworkInterface = z.object({
  /** The OS name of the interface (eth0, wlan0, en0, "Wi-Fi"). */
  name: z.string(),
  address: z.string(),
  family: z.enum(['IPv4', 'IPv6']),
  /** Loopback: only this computer can reach it (for trying room mode out). */
  internal: z.boolean(),
  /** What choosing it exposes, in words. */
  description: z.string(),
});
export type NetworkInterface = z.infer<typeof NetworkInterface>;

export const RoomParticipant = z.object({
  id: Id,
  /** "Phone 3": participants have no accounts and give no names. */
  label: z.string(),
  joinedAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  /** Seen within the last minute. */
  connected: z.boolean(),
  ideasAdded: z.number().int(),
  ballotsCast: z.number().int(),
});
export type RoomParticipant = z.infer<typeof RoomParticipant>;

/** The QR code of the join URL as rows of '1' (dark) and '0' (light) modules, drawn by the renderer. */
export const QrMatrix = z.object({ size: z.number().int().min(21).max(177), rows: z.array(z.string().regex(/^[01]+$/)) });

export const RoomStatus = z.object({
  on: z.boolean(),
  eventId: Id.nullable(),
  address: z.string().nullable(),
  port: z.number().int().nullable(),
  /** Short URL to type (the code is asked on the page). */
  joinUrl: z.string().nullable(),
  joinCode: z.string().nullable(),
  /** joinUrl with the code in it, for the QR code. */
  qrUrl: z.string().nullable(),
  qr: QrMatrix.nullable(),
  startedAt: IsoDateTime.nullable(),
  connectedCount: z.number().int(),
  participants: z.array(RoomParticipant),
});
export type RoomStatus = z.infer<typeof RoomStatus>;

/** What a participant's phone shows: what the facilitator shows, the open round and the open ballot. */
export const RoomView = z.object({
  participantLabel: z.string(),
  eventName: z.string(),
  /** The current agenda item, as on the projector. */
  current: z.object({ title: z.string(), activity: z.string() }).nullable(),
  timer: z.object({ state: z.enum(['idle', 'running', 'paused']), remainingMs: z.number().int(), endsAt: IsoDateTime.nullable(), serverNow: IsoDateTime }),
  round: z
    .object({
      id: Id,
      prompt: z.string(),
      entryCount: z.number().int(),
      /** Only this phone's own entries. */
      myEntries: z.array(z.object({ id: Id, text: z.string() })),
    })
    .nullable(),
  vote: z
    .object({
      id: Id,
      title: z.string(),
      dotsPerVoter: z.number().int(),
      maxPerIdea: z.number().int().nullable(),
      candidates: z.array(z.object({ ideaId: Id, text: z.string() })),
      /** This phone has cast its ballot (one per participant). */
      hasVoted: z.boolean(),
      votedCount: z.number().int(),
      voterCount: z.number().int(),
    })
    .nullable(),
  /** The latest revealed vote's results, once the facilitator has revealed them. */
  results: z.object({ voteId: Id, title: z.string(), tally: z.array(TallyRow) }).nullable(),
});
export type RoomView = z.infer<typeof RoomView>;

const Port = z.number().int().min(1024, 'ports below 1024 need administrator rights').max(65535);

export const roomMethods = {
  /** The machine's network interfaces (os.networkInterfaces()), each with what choosing it exposes. */
  'room-interfaces': method(z.object({}).optional(), z.array(NetworkInterface)),
  /** Turns room mode on for an event: a second listener on `address` (one of room-interfaces), a new join code. */
  'room-start': method(z.object({ eventId: Id, address: z.string().min(1).max(64), port: Port.optional() }), RoomStatus),
  /** Turns room mode off: the listener closes, every participant token and the join code die. */
  'room-stop': method(z.object({}).optional(), RoomStatus),
  'room-status': method(z.object({}).optional(), RoomStatus),
  /** Removes one participant: their token stops working at once. */
  'room-remove': method(z.object({ participantId: Id }), RoomStatus),

  // Participant methods: refused (FORBIDDEN) unless called by the room listener with a participant token.
  'room-view': method(z.object({}).optional(), RoomView),
  'room-idea-add': method(z.object({ roundId: Id, text: z.string().trim().min(1, 'must not be empty').max(2000) }), RoomView),
  'room-ballot-cast': method(z.object({ voteId: Id, dots: Dots }), RoomView),
} as const;
