import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { METHODS } from '../../common/contract/api';
import { PARTICIPANT_METHODS } from '../../common/contract/schemas/room';
import type { RoomView } from '../../common/contract/schemas/room';
import type { Idea } from '../../common/contract/schemas/workshop';
import { startHost } from '../../main/host/server';
import type { Host } from '../../main/host/server';
import type { RoomLimits } from '../../main/room/sessions';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** 127.0.0.2 stands in for the room's LAN address: a different address from the facilitator's 127.0.0.1. */
const LAN = '127.0.0.2';

let s: TestServices | undefined;
let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
  if (s) await s.call('room-stop', {});
  s?.close();
  s = undefined;
});

async function setup(limits: Partial<RoomLimits> = {}) {
  const staticDir = tempDir('kaizen-room-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Kaizen Studio</title><div id="root"></div>');
  s = await tempServices({ room: { staticDir, limits } });
  const { id: eventId } = await s.call('event-create', { name: 'Room workshop' });
  return { s, eventId, staticDir };
}

/** Ports in LISTEN state on an IPv4 address, from the kernel's table (Linux): proof that nothing listens while off. */
function listeningOn(address: string): number[] {
  const hex = address.split('.').map((n) => Number(n).toString(16).padStart(2, '0').toUpperCase()).reverse().join('');
  return fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === '0A' && f[1]?.startsWith(`${hex}:`))
    .map((f) => parseInt(f[1]!.split(':')[1]!, 16));
}

type Answer<T = unknown> = { status: number; body: { ok: boolean; value?: T; error?: { code: string; message: string } }; headers: Headers };

async function post<T = unknown>(base: string, method: string, input: unknown, token?: string): Promise<Answer<T>> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input ?? {}),
  });
  return { status: res.status, body: (await res.json()) as Answer<T>['body'], headers: res.headers };
}

async function join(base: string, code: string): Promise<string> {
  const r = await post<{ token: string }>(base, 'room-join', { code });
  expect(r.status, r.body.error?.message).toBe(200);
  return r.body.value!.token;
}

describe('room mode: off by default, a listener only while on', () => {
  it('is off until started; listens on the chosen address only; stopping closes it and kills every token', async () => {
    const { s, eventId } = await setup();
    expect((await s.call('room-status', {})).on).toBe(false);
    expect(listeningOn(LAN)).toEqual([]);
    const st = await s.call('room-start', { eventId, address: LAN });
    expect(listeningOn(LAN)).toEqual([st.port]);
    expect(st.on).toBe(true);
    expect(st.joinUrl).toBe(`http://${LAN}:${st.port}`);
    expect(st.qrUrl).toBe(`${st.joinUrl}/join?code=${st.joinCode}`);
    expect(st.joinCode).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(st.qr!.rows).toHaveLength(st.qr!.size);
    // Not on the facilitator's address: the listener is bound to the one address chosen.
    await expect(fetch(`http://127.0.0.1:${st.port}/join`)).rejects.toThrow();
    // The short URL leads to the join page (the renderer's participant route); traversal finds nothing.
    const root = await fetch(`${st.joinUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/join');
    expect(await (await fetch(`${st.joinUrl}/join`)).text()).toContain('<div id="root">');
    expect((await fetch(`${st.joinUrl}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    // A foreign Host header (DNS rebinding) is refused.
    const rebound = await new Promise<number>((resolve, reject) => {
      http.get({ host: LAN, port: st.port!, path: '/join', headers: { Host: `evil.example:${st.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(rebound).toBe(403);
    const token = await join(st.joinUrl!, st.joinCode!);
    expect((await post(st.joinUrl!, 'room-view', {}, token)).status).toBe(200);
    await s.call('room-stop', {});
    await expect(fetch(`${st.joinUrl}/join`)).rejects.toThrow();
    expect(listeningOn(LAN)).toEqual([]);
    expect((await s.call('room-status', {})).on).toBe(false);
    // Opening and closing the network is in the change log, with the address.
    const log = await s.call('governance-log-list', { eventId });
    expect(log.filter((c) => c.area === 'room-mode').map((c) => [c.action, (c.payload as { address: string }).address])).toEqual([['start', LAN], ['stop', LAN]]);
  });

  it('closing the app closes the room listener', async () => {
    const { s, eventId } = await setup();
    const st = await s.call('room-start', { eventId, address: LAN });
    s.close();
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${st.joinUrl}/join`)).rejects.toThrow();
    expect(listeningOn(LAN)).toEqual([]);
  });

  it('refuses an address that is not this computer’s, and a second start while on', async () => {
    const { s, eventId } = await setup();
    await expect(s.call('room-start', { eventId, address: '8.8.8.8' })).rejects.toThrow(/not an address of this computer/);
    await expect(s.call('room-start', { eventId, address: '0.0.0.0' })).rejects.toThrow(/not an address of this computer/);
    const interfaces = await s.call('room-interfaces', {});
    expect(interfaces.some((i) => i.internal && i.address === '127.0.0.1')).toBe(true);
    expect(interfaces.every((i) => i.description.length > 20)).toBe(true);
    await s.call('room-start', { eventId, address: LAN });
    await expect(s.call('room-start', { eventId, address: LAN })).rejects.toThrow(/already on/);
  });
});

describe('room mode security over real HTTP', () => {
  it('while the laptop is locked for participants, room mode cannot be turned on or off and no phone removed; phones keep adding', async () => {
    const { s, eventId } = await setup();
    const fac = await s.call('team-add', { eventId, member: { name: 'Tomás Okafor', role: 'facilitator' } });
    await s.call('governance-passphrase-set', { memberId: fac.id, passphrase: 'demo-tomas' });
    const round = await s.call('round-open', { eventId, prompt: 'What slows the pipeline?' });
    const st = await s.call('room-start', { eventId, address: LAN });
    const phone = await join(st.joinUrl!, st.joinCode!);
    await s.call('lock-enter', { eventId, kind: 'round', id: round.id });
    await expect(s.call('room-stop', {})).rejects.toMatchObject({ code: 'FORBIDDEN', message: /locked for participants/ });
    const [p] = (await s.call('room-status', {})).participants;
    await expect(s.call('room-remove', { participantId: p!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await post(st.joinUrl!, 'room-idea-add', { roundId: round.id, text: 'Slow approvals' }, phone)).status).toBe(200);
    await s.call('lock-leave', { eventId, passphrase: 'demo-tomas' });
    await s.call('room-stop', {});
    await s.call('lock-enter', { eventId, kind: 'round', id: round.id });
    await expect(s.call('room-start', { eventId, address: LAN })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await s.call('lock-leave', { eventId, passphrase: 'demo-tomas' });
  });

  it('a participant token reaches exactly the participant methods: every other method answers 403', async () => {
    const { s, eventId } = await setup({ burst: 10_000, perSecond: 10_000 });
    const st = await s.call('room-start', { eventId, address: LAN });
    const token = await join(st.joinUrl!, st.joinCode!);
    const refused: string[] = [];
    for (const m of METHODS) {
      if ((PARTICIPANT_METHODS as readonly string[]).includes(m)) continue;
      const r = await post(st.joinUrl!, m, { eventId, id: eventId }, token);
      if (r.status !== 403 || r.body.error?.code !== 'FORBIDDEN') refused.push(`${m}: ${r.status}`);
    }
    expect(refused).toEqual([]);
    expect(METHODS.length).toBeGreaterThan(200);
    // The event stream and the facilitator's launch-code exchange are not served here either.
    expect((await fetch(`${st.joinUrl}/api/events?token=${token}`)).status).toBe(403);
    expect((await post(st.joinUrl!, 'session', { code: st.joinCode }, token)).status).toBe(403);
    // A participant method without a token, or with a made-up one: 401.
    expect((await post(st.joinUrl!, 'room-view', {})).status).toBe(401);
    expect((await post(st.joinUrl!, 'room-view', {}, 'x'.repeat(43))).status).toBe(401);
    // The facilitator's own transports cannot act as a participant: no participant, no idea from a phone.
    await expect(s.call('room-view', {})).rejects.toThrow(/Only a participant/);
  });

  it('the facilitator token and the join code are unrelated: neither opens the other’s door; the code rotates on restart', async () => {
    const { s, eventId, staticDir } = await setup();
    host = await startHost({ services: s, staticDir });
    const first = await s.call('room-start', { eventId, address: LAN });
    const code1 = first.joinCode!;
    const phone = await join(first.joinUrl!, code1);
    // The facilitator's token on the room listener: not a participant (401), and no facilitator method (403).
    expect((await post(first.joinUrl!, 'room-view', {}, host.token)).status).toBe(401);
    expect((await post(first.joinUrl!, 'event-list', {}, host.token)).status).toBe(403);
    expect((await post(first.joinUrl!, 'room-join', { code: host.token })).status).toBe(401);
    // The join code and a participant token on the facilitator's host: 401.
    const facilitator = `http://127.0.0.1:${host.port}`;
    expect((await post(facilitator, 'event-list', {}, code1)).status).toBe(401);
    expect((await post(facilitator, 'event-list', {}, phone)).status).toBe(401);
    expect((await post(facilitator, 'event-list', {}, host.token)).status).toBe(200);
    expect(host.token).not.toContain(code1);
    // Restart: a new code; the old code and the old phone's token are dead; the facilitator token is unchanged.
    await s.call('room-stop', {});
    const second = await s.call('room-start', { eventId, address: LAN });
    expect(second.joinCode).not.toBe(code1);
    expect((await post(second.joinUrl!, 'room-join', { code: code1 })).status).toBe(401);
    expect((await post(second.joinUrl!, 'room-view', {}, phone)).status).toBe(401);
    const codes = new Set([code1, second.joinCode]);
    for (let i = 0; i < 8; i++) {
      await s.call('room-stop', {});
      codes.add((await s.call('room-start', { eventId, address: LAN })).joinCode);
    }
    // Ten starts with one facilitator token, ten different codes: the code is not computed from the token.
    expect(codes.size).toBe(10);
    expect((await post(facilitator, 'event-list', {}, host.token)).status).toBe(200);
  });

  it('limits each phone: requests (429 with Retry-After), ideas per minute, join attempts per address', async () => {
    const { s, eventId } = await setup({ burst: 5, perSecond: 0.5, ideasPerMinute: 2, joinsPerMinute: 4 });
    const round = await s.call('round-open', { eventId, prompt: 'What slows the pipeline?' });
    const st = await s.call('room-start', { eventId, address: LAN });
    const a = await join(st.joinUrl!, st.joinCode!);
    const b = await join(st.joinUrl!, st.joinCode!);
    expect((await post(st.joinUrl!, 'room-idea-add', { roundId: round.id, text: 'one' }, a)).status).toBe(200);
    expect((await post(st.joinUrl!, 'room-idea-add', { roundId: round.id, text: 'two' }, a)).status).toBe(200);
    const third = await post(st.joinUrl!, 'room-idea-add', { roundId: round.id, text: 'three' }, a);
    expect(third.status).toBe(429);
    expect(third.body.error!.message).toMatch(/At most 2 ideas a minute/);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(st.joinUrl!, 'room-view', {}, a)).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    const limited = await post(st.joinUrl!, 'room-view', {}, a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another phone is not held up by the first one's limit.
    expect((await post(st.joinUrl!, 'room-view', {}, b)).status).toBe(200);
    // Two joins done; two wrong guesses; then even the right code waits.
    expect((await post(st.joinUrl!, 'room-join', { code: 'AAAAAA' })).status).toBe(401);
    expect((await post(st.joinUrl!, 'room-join', { code: 'BBBBBB' })).status).toBe(401);
    expect((await post(st.joinUrl!, 'room-join', { code: st.joinCode })).status).toBe(429);
    // The round holds exactly the two ideas that were let through.
    expect((await s.call('round-get', { id: round.id })).entryCount).toBe(2);
  });

  it('binds a phone to the event and its open round; phones never see each other’s entries; the facilitator can remove one', async () => {
    const { s, eventId } = await setup();
    const other = await s.call('event-create', { name: 'Another event' });
    const foreign = await s.call('round-open', { eventId: other.id, prompt: 'Elsewhere' });
    const round = await s.call('round-open', { eventId, prompt: 'What slows the pipeline?' });
    const st = await s.call('room-start', { eventId, address: LAN });
    const a = await join(st.joinUrl!, st.joinCode!);
    const b = await join(st.joinUrl!, st.joinCode!);
    const wrong = await post(st.joinUrl!, 'room-idea-add', { roundId: foreign.id, text: 'into the other event' }, a);
    expect(wrong.body.error?.code).toBe('CONFLICT');
    await post(st.joinUrl!, 'room-idea-add', { roundId: round.id, text: 'Feature store is slow' }, a);
    const viewB = await post<RoomView>(st.joinUrl!, 'room-idea-add', { roundId: round.id, text: 'Manual approval step' }, b);
    expect(viewB.body.value!.round!.myEntries.map((e) => e.text)).toEqual(['Manual approval step']);
    expect(viewB.body.value!.round!.entryCount).toBe(2);
    expect(JSON.stringify(viewB.body.value)).not.toContain('Feature store is slow');
    // The laptop's round shows no phone's entries, only the count.
    const laptop = await s.call('round-get', { id: round.id });
    expect(laptop.myEntries).toEqual([]);
    expect(laptop.entryCount).toBe(2);
    // Closing the round turns the phones' entries into anonymous ideas; the phone's old round id is refused.
    const closed = await s.call('round-close', { id: round.id });
    expect(closed.ideas.map((i) => i.text).sort()).toEqual(['Feature store is slow', 'Manual approval step']);
    expect(closed.ideas.every((i) => i.author === null)).toBe(true);
    expect((await post(st.joinUrl!, 'room-idea-add', { roundId: round.id, text: 'late' }, a)).body.error?.code).toBe('CONFLICT');
    // Removal: the phone's token stops working at once; the other phone goes on.
    const status = await s.call('room-status', {});
    expect(status.connectedCount).toBe(2);
    const phoneA = status.participants.find((p) => p.ideasAdded === 1 && p.label === 'Phone 1')!;
    const after = await s.call('room-remove', { participantId: phoneA.id });
    expect(after.participants.map((p) => p.label)).toEqual(['Phone 2']);
    expect((await post(st.joinUrl!, 'room-view', {}, a)).status).toBe(401);
    expect((await post(st.joinUrl!, 'room-view', {}, b)).status).toBe(200);
  });

  it('secret ballot from phones: one ballot per token, no totals before reveal, never more ballots than voters', async () => {
    const { s, eventId } = await setup();
    const ideas: Idea[] = [];
    for (const text of ['Cache features', 'Batch scoring']) ideas.push(await s.call('idea-add', { eventId, idea: { text } }));
    const vote = await s.call('vote-open', { eventId, title: 'Which first?', dotsPerVoter: 3, maxPerIdea: 2, voters: [1, 2].map((n) => ({ label: `Voter ${n}`, memberId: null })) });
    const st = await s.call('room-start', { eventId, address: LAN });
    const [a, b, c] = [await join(st.joinUrl!, st.joinCode!), await join(st.joinUrl!, st.joinCode!), await join(st.joinUrl!, st.joinCode!)];
    const tooMany = await post(st.joinUrl!, 'room-ballot-cast', { voteId: vote.id, dots: { [ideas[0]!.id]: 3 } }, a);
    expect(tooMany.body.error?.code).toBe('BAD_INPUT');
    const cast = await post<RoomView>(st.joinUrl!, 'room-ballot-cast', { voteId: vote.id, dots: { [ideas[0]!.id]: 2, [ideas[1]!.id]: 1 } }, a);
    expect(cast.body.value!.vote!.hasVoted).toBe(true);
    expect(cast.body.value!.results).toBeNull();
    expect(JSON.stringify(cast.body.value)).not.toMatch(/"dots"/);
    const again = await post(st.joinUrl!, 'room-ballot-cast', { voteId: vote.id, dots: { [ideas[1]!.id]: 1 } }, a);
    expect(again.body.error?.code).toBe('CONFLICT');
    expect(again.body.error?.message).toMatch(/already voted/);
    expect((await s.call('vote-get', { id: vote.id })).tally).toBeNull();
    expect((await post(st.joinUrl!, 'room-ballot-cast', { voteId: vote.id, dots: { [ideas[1]!.id]: 2 } }, b)).status).toBe(200);
    const full = await post(st.joinUrl!, 'room-ballot-cast', { voteId: vote.id, dots: { [ideas[1]!.id]: 1 } }, c);
    expect(full.body.error?.message).toMatch(/All 2 ballots/);
    await s.call('vote-reveal', { id: vote.id });
    const seen = await post<RoomView>(st.joinUrl!, 'room-view', {}, c);
    expect(seen.body.value!.results!.tally.map((t) => [t.text, t.dots])).toEqual([['Batch scoring', 3], ['Cache features', 2]]);
  });

  it('30 phones voting at once: every ballot counted, totals exact', async () => {
    const { s, eventId } = await setup({ joinsPerMinute: 100 });
    const ideas: Idea[] = [];
    for (const text of ['A', 'B', 'C', 'D']) ideas.push(await s.call('idea-add', { eventId, idea: { text } }));
    const vote = await s.call('vote-open', { eventId, title: 'Room vote', dotsPerVoter: 3, voters: Array.from({ length: 30 }, (_, i) => ({ label: `Voter ${i + 1}`, memberId: null })) });
    const st = await s.call('room-start', { eventId, address: LAN });
    const tokens = await Promise.all(Array.from({ length: 30 }, () => join(st.joinUrl!, st.joinCode!)));
    const expected = new Map<string, number>(ideas.map((i) => [i.id, 0]));
    const ballots = tokens.map((_, k) => {
      const dots: Record<string, number> = {};
      for (let d = 0; d < 3; d++) {
        const idea = ideas[(k * 7 + d * (k % 3 + 1)) % 4]!.id;
        dots[idea] = (dots[idea] ?? 0) + 1;
        expected.set(idea, expected.get(idea)! + 1);
      }
      return dots;
    });
    const answers = await Promise.all(tokens.map((t, k) => post(st.joinUrl!, 'room-ballot-cast', { voteId: vote.id, dots: ballots[k] }, t)));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
    expect((await s.call('vote-get', { id: vote.id })).votedCount).toBe(30);
    const revealed = await s.call('vote-reveal', { id: vote.id });
    const totals = new Map(revealed.tally!.map((t) => [t.ideaId, t.dots]));
    expect(totals).toEqual(expected);
    expect([...totals.values()].reduce((x, y) => x + y, 0)).toBe(90);
    expect((await s.call('room-status', {})).participants.every((p) => p.ballotsCast === 1)).toBe(true);
  });
});
