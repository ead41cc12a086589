import type { InputRound, workshopMethods } from '../../../common/contract/schemas/workshop';
import { AppError, notFound } from '../../../common/contract/errors';
import { roundTransition, shuffled } from '../../../common/domain/workshop/round';
import type { RoundAction } from '../../../common/domain/workshop/round';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/workshop';
import type { RoundRow } from '../../db/repositories/workshop';
import { requireEvent } from '../lookups';
import { passLock } from './lock';

type RoundMethods = MethodsOf<'round'>;

/**
 * Pass-the-laptop anonymous input. Secrecy lives here: the view of a round only ever contains the
 * current participant's entries while they are entering; earlier participants' entries are never
 * returned, and on close the entries become unattributed ideas in shuffled order and are deleted.
 */
export function roundHandlers(ctx: ServiceContext, random: () => number = Math.random): Handlers<RoundMethods & keyof typeof workshopMethods> {
  const { db } = ctx;
  const changed = (eventId: string, area = 'rounds') => ctx.bus.emit('data-changed', { eventId, area });
  const find = (id: string): RoundRow => repo.findRound(db, id) ?? (() => { throw notFound('Input round', id); })();
  const view = (r: RoundRow): InputRound => ({
    ...r,
    entryCount: repo.countEntries(db, r.id),
    myEntries: r.status === 'open' && r.phase === 'entering'
      ? repo.entries(db, r.id, r.participant).map((e) => ({ id: e.id, text: e.text }))
      : [],
  });
  const step = (id: string, action: RoundAction): RoundRow => {
    const r = find(id);
    const t = roundTransition(r, action);
    if (!t.ok) throw new AppError('CONFLICT', t.reason);
    return { ...r, ...t.next };
  };
  const save = (r: RoundRow) => repo.saveRoundState(db, r.id, r);
  const myEntry = (r: RoundRow, entryId: string) => {
    const e = repo.entries(db, r.id, r.participant).find((x) => x.id === entryId);
    // Entries of earlier participants are indistinguishable from missing ones.
    if (!e) throw notFound('Entry', entryId);
    return e;
  };
  return {
    'round-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listRounds(db, eventId).map(view);
    },
    'round-open': ({ eventId, prompt, category }) => {
      requireEvent(ctx, eventId);
      const open = repo.listRounds(db, eventId).find((r) => r.status === 'open');
      if (open) throw new AppError('CONFLICT', `The round "${open.prompt}" is still open; close it before starting another.`);
      const id = ctx.newId();
      repo.insertRound(db, { id, eventId, prompt, category: category ?? '', createdAt: ctx.nowIso() });
      changed(eventId);
      return view(find(id));
    },
    'round-get': ({ id }) => view(find(id)),
    'round-begin': ({ id }) => {
      const r = step(id, 'begin');
      save(r);
      changed(r.eventId);
      return view(r);
    },
    'round-entry-add': ({ roundId, text }) => {
      const r = step(roundId, 'add');
      repo.insertEntry(db, { id: ctx.newId(), roundId, participant: r.participant, text, createdAt: ctx.nowIso() });
      return view(r);
    },
    'round-entry-update': ({ roundId, entryId, text }) => {
      const r = step(roundId, 'add');
      myEntry(r, entryId);
      repo.updateEntry(db, entryId, text);
      return view(r);
    },
    'round-entry-remove': ({ roundId, entryId }) => {
      const r = step(roundId, 'add');
      myEntry(r, entryId);
      repo.deleteEntry(db, entryId);
      return view(r);
    },
    'round-pass': ({ id }) => {
      const r = step(id, 'pass');
      save(r);
      changed(r.eventId);
      return view(r);
    },
    'round-close': ({ id, passphrase }) => {
      const r = { ...step(id, 'close'), closedAt: ctx.nowIso() };
      const unlock = passLock(ctx, r.eventId, passphrase, 'closing the round');
      const at = ctx.nowIso();
      const created = db.transaction(() => {
        const ids: string[] = [];
        for (const e of shuffled(repo.entries(db, id), random)) {
          const ideaId = ctx.newId();
          repo.insertIdea(db, ideaId, r.eventId, at, { text: e.text, author: null, category: r.category, stageRef: null, kpiRef: null, groupId: null });
          ids.push(ideaId);
        }
        repo.deleteEntries(db, id);
        save(r);
        return ids.map((i) => repo.findIdea(db, i)!);
      })();
      unlock();
      changed(r.eventId);
      changed(r.eventId, 'ideas');
      return { round: view(r), ideas: created };
    },
  };
}
