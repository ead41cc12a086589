import path from 'node:path';
import type { RoomStatus, roomMethods } from '../../common/contract/schemas/room';
import { AppError, notFound } from '../../common/contract/errors';
import type { ServiceContext } from '../context';
import type { Dispatch } from '../dispatch';
import type { CallInfo, Handlers } from '../handlers';
import { appendChange } from '../db/changeLog';
import { actorFor } from '../services/governance/people';
import { requireEvent } from '../services/lookups';
import { refuseWhileLocked } from '../services/workshop/lock';
import { checkAddress, listInterfaces } from './interfaces';
import { addParticipantIdea, castParticipantBallot, firstFreeParticipantNumber, participantView } from './participant';
import type { ParticipantCall } from './participant';
import { qrMatrix } from './qr';
import { JOIN_PATH, startRoomServer } from './server';
import type { RoomServer } from './server';
import { DEFAULT_ROOM_LIMITS, createRoomSessions } from './sessions';
import type { Participant, RoomLimits, RoomSessions } from './sessions';

export type RoomOptions = Readonly<{
  /** The built renderer (out/renderer): phones load the participant page from it. */
  staticDir?: string;
  limits?: Partial<RoomLimits>;
}>;

type Live = {
  eventId: string;
  address: string;
  port: number;
  server: RoomServer;
  sessions: RoomSessions;
  startedAt: string;
  joinUrl: string;
  qrUrl: string;
  qr: { size: number; rows: string[] };
  lastConnected: number;
};

/** A participant counts as connected while their phone has asked within the last minute (it polls every 3 s). */
const CONNECTED_MS = 60_000;

/** The built renderer sits beside the bundle: out/renderer next to out/main and out/cli. */
export function defaultRendererDir(): string {
  return process.env.KAIZEN_RENDERER_DIR ?? path.resolve(__dirname, '..', 'renderer');
}

/**
 * Room mode's state and its contract methods. Off by default and listening only while on: nothing of it exists
 * until room-start, and room-stop (or closing the app) closes the listener and forgets the join code and every
 * participant token. One room at a time.
 */
export function createRoom(ctx: ServiceContext, opts: RoomOptions = {}) {
  const limits: RoomLimits = { ...DEFAULT_ROOM_LIMITS, ...opts.limits };
  let live: Live | null = null;
  let dispatch: Dispatch | null = null;
  const changed = (eventId: string | null) => ctx.bus.emit('data-changed', { eventId, area: 'room' });

  const connectedCount = (l: Live) => {
    const t = ctx.clock.now().getTime();
    return l.sessions.list().filter((p) => t - p.lastSeenAt < CONNECTED_MS).length;
  };
  const status = (): RoomStatus => {
    if (!live) return { on: false, eventId: null, address: null, port: null, joinUrl: null, joinCode: null, qrUrl: null, qr: null, startedAt: null, connectedCount: 0, participants: [] };
    const t = ctx.clock.now().getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      on: true,
      eventId: live.eventId,
      address: live.address,
      port: live.port,
      joinUrl: live.joinUrl,
      joinCode: live.sessions.joinCode,
      qrUrl: live.qrUrl,
      qr: live.qr,
      startedAt: live.startedAt,
      connectedCount: connectedCount(live),
      participants: live.sessions.list().map((p) => ({
        id: p.id,
        label: p.label,
        joinedAt: iso(p.joinedAt),
        lastSeenAt: iso(p.lastSeenAt),
        connected: t - p.lastSeenAt < CONNECTED_MS,
        ideasAdded: p.ideasAdded,
        ballotsCast: p.ballotsCast,
      })),
    };
  };
  /** The live participant behind a call from the room listener; anyone else is refused. */
  const caller = (call: CallInfo): { p: Participant; who: ParticipantCall } => {
    const p = call.participant && live ? live.sessions.get(call.participant.id) : undefined;
    if (!p || !live) throw new AppError('FORBIDDEN', 'Only a participant who joined room mode (from their phone) can do this.');
    return { p, who: { id: p.id, eventId: live.eventId, number: p.number, label: p.label } };
  };
  /** Which network was opened, when and by whom, and when it closed: in the hash-chained change log. */
  const log = (eventId: string, action: 'start' | 'stop', payload: Record<string, unknown>) => {
    if (!ctx.db.open) return;
    try {
      appendChange(ctx.db, ctx.nowIso(), { actor: actorFor(ctx, eventId), entity: 'room-mode', entityId: eventId, action, payload, eventId });
    } catch (e) {
      // Turning room mode off must never fail (a deleted event, a read-only store): the listener is closed already.
      if (action === 'start') throw e;
    }
  };
  const stop = async () => {
    const l = live;
    live = null;
    if (l) {
      await l.server.close();
      log(l.eventId, 'stop', { address: l.address, port: l.port, participants: l.sessions.list().length });
      changed(l.eventId);
    }
  };

  const handlers: Handlers<keyof typeof roomMethods> = {
    'room-interfaces': () => listInterfaces(),
    'room-start': async ({ eventId, address, port }) => {
      requireEvent(ctx, eventId);
      // The person holding a locked laptop (pass-the-laptop) cannot open, close or thin out the room.
      refuseWhileLocked(ctx, eventId, 'room-start');
      if (live) throw new AppError('CONFLICT', `Room mode is already on (${live.joinUrl}); turn it off first — turning it on again gives a new join code.`);
      if (!dispatch) throw new AppError('UNSUPPORTED', 'Room mode is not available in this process.');
      checkAddress(address);
      const sessions = createRoomSessions({ limits, firstNumber: firstFreeParticipantNumber(ctx), now: () => ctx.clock.now().getTime() });
      let server: RoomServer;
      try {
        server = await startRoomServer({
          address,
          port: port ?? 0,
          staticDir: opts.staticDir ?? defaultRendererDir(),
          sessions,
          limits,
          dispatch: () => dispatch!,
          onActivity: () => {
            if (!live) return;
            const n = connectedCount(live);
            if (n !== live.lastConnected) {
              live.lastConnected = n;
              changed(live.eventId);
            }
          },
        });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new AppError('CONFLICT', `Port ${port} on ${address} is already in use: leave the port empty to pick a free one.`);
        if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new AppError('BAD_INPUT', `Cannot listen on ${address}${port ? `:${port}` : ''} (${code}): pick another interface.`);
        throw e;
      }
      if (live) {
        await server.close();
        throw new AppError('CONFLICT', 'Room mode was turned on meanwhile.');
      }
      const joinUrl = `http://${address}:${server.port}`;
      const qrUrl = `${joinUrl}${JOIN_PATH}?code=${sessions.joinCode}`;
      live = { eventId, address, port: server.port, server, sessions, startedAt: ctx.nowIso(), joinUrl, qrUrl, qr: qrMatrix(qrUrl), lastConnected: 0 };
      log(eventId, 'start', { address, port: server.port });
      changed(eventId);
      return status();
    },
    'room-stop': async () => {
      refuseWhileLocked(ctx, live?.eventId, 'room-stop');
      await stop();
      return status();
    },
    'room-status': () => status(),
    'room-remove': ({ participantId }) => {
      refuseWhileLocked(ctx, live?.eventId, 'room-remove');
      if (!live || !live.sessions.remove(participantId)) throw notFound('Room participant', participantId);
      changed(live.eventId);
      return status();
    },

    'room-view': (_input, call) => {
      const { p, who } = caller(call);
      return participantView(ctx, who, p.votedIn);
    },
    'room-idea-add': ({ roundId, text }, call) => {
      const { p, who } = caller(call);
      addParticipantIdea(ctx, who, roundId, text);
      p.ideasAdded += 1;
      changed(who.eventId);
      return participantView(ctx, who, p.votedIn);
    },
    'room-ballot-cast': ({ voteId, dots }, call) => {
      const { p, who } = caller(call);
      castParticipantBallot(ctx, who, p.votedIn, voteId, dots);
      p.ballotsCast += 1;
      changed(who.eventId);
      return participantView(ctx, who, p.votedIn);
    },
  };

  return {
    handlers,
    /** Hands over the dispatcher the room listener calls (built after the handlers, in createServices). */
    attach: (d: Dispatch) => {
      dispatch = d;
    },
    stop,
  };
}

export type Room = ReturnType<typeof createRoom>;
