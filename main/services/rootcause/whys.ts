import type { rootcauseMethods } from '../../../common/contract/schemas/rootcause';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/rootcause';
import { requireEvent } from '../lookups';

type WhyMethods = MethodsOf<'whys'>;

/** 5 Whys: one chain per problem statement; answers form a tree (branching) and any answer can be marked as a root cause. */
export function whysHandlers(ctx: ServiceContext): Handlers<WhyMethods & keyof typeof rootcauseMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'whys' });
  const chain = (id: string) => repo.findChain(db, id) ?? (() => { throw notFound('5 Whys chain', id); })();
  const node = (id: string) => repo.findNode(db, id) ?? (() => { throw notFound('Why answer', id); })();
  const addNode = (chainId: string, n: { id: string; parentId: string | null; text: string; isRootCause: boolean }) => {
    if (repo.findNode(db, n.id)) throw new AppError('CONFLICT', `A why answer with id "${n.id}" already exists.`);
    if (n.parentId !== null) {
      const parent = repo.findNode(db, n.parentId);
      if (!parent || parent.chainId !== chainId) {
        throw new AppError('BAD_INPUT', `parentId: answer "${n.parentId}" is not in this 5 Whys chain.`);
      }
    }
    repo.insertNode(db, { ...n, chainId });
  };
  return {
    'whys-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listChains(db, eventId);
    },
    'whys-chain-add': ({ eventId, id, problem, position, nodes }) => {
      requireEvent(ctx, eventId);
      const newId = id ?? ctx.newId();
      if (repo.findChain(db, newId)) throw new AppError('CONFLICT', `A 5 Whys chain with id "${newId}" already exists.`);
      db.transaction(() => {
        repo.insertChain(db, newId, eventId, problem, ctx.nowIso(), position);
        for (const n of nodes ?? []) addNode(newId, n);
      })();
      changed(eventId);
      return chain(newId);
    },
    'whys-chain-update': ({ id, patch }) => {
      const c = chain(id);
      repo.updateChain(db, id, patch.problem);
      changed(c.eventId);
      return chain(id);
    },
    'whys-chain-remove': ({ id }) => {
      const c = chain(id);
      repo.deleteChain(db, id);
      changed(c.eventId);
      return c;
    },
    'whys-node-add': ({ chainId, id, parentId, text, isRootCause }) => {
      const c = chain(chainId);
      const newId = id ?? ctx.newId();
      addNode(chainId, { id: newId, parentId, text, isRootCause });
      changed(c.eventId);
      return node(newId);
    },
    'whys-node-update': ({ id, patch }) => {
      const n = node(id);
      repo.updateNode(db, id, patch);
      changed(chain(n.chainId).eventId);
      return node(id);
    },
    'whys-node-remove': ({ id }) => {
      const n = node(id);
      const removed = repo.nodeSubtree(db, id);
      repo.deleteNode(db, id);
      changed(chain(n.chainId).eventId);
      return removed;
    },
  };
}
