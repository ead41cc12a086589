import { AppError, notFound } from '../../../common/contract/errors';
import type { DecisionFields } from '../../../common/contract/schemas/actions';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/improve';
import { localToday } from './actions';
import { requireEvent } from '../lookups';
import { actorFor } from '../governance/people';

/**
 * The decision log is append-only: there is no update or delete method, the repository has no such
 * function, and SQLite triggers refuse UPDATE and DELETE. A correction is a new entry with `correctsId`.
 * Each entry is also written to the hash-chained change log in the same transaction.
 */
export function decisionHandlers(ctx: ServiceContext): Handlers<MethodsOf<'decision'>> {
  const { db } = ctx;
  return {
    'decision-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listDecisions(db, eventId);
    },
    'decision-add': ({ eventId, ...input }) => {
      requireEvent(ctx, eventId);
      const fields: DecisionFields = {
        decision: input.decision,
        rationale: input.rationale ?? '',
        alternatives: input.alternatives ?? '',
        decidedBy: input.decidedBy ?? '',
        decidedOn: input.decidedOn ?? localToday(ctx),
        actionIds: [...new Set(input.actionIds ?? [])],
        correctsId: input.correctsId ?? null,
      };
      if (fields.correctsId) {
        const old = repo.findDecision(db, fields.correctsId);
        if (!old || old.eventId !== eventId) throw notFound('Decision to correct', fields.correctsId);
      }
      fields.actionIds.forEach((aid, i) => {
        const a = repo.findAction(db, aid);
        if (!a || a.eventId !== eventId) throw new AppError('BAD_INPUT', `actionIds.${i}: no action "${aid}" in this event.`);
      });
      const id = ctx.newId();
      const at = ctx.nowIso();
      db.transaction(() => {
        repo.appendDecision(db, id, eventId, at, fields);
        appendChange(db, at, {
          actor: actorFor(ctx, eventId),
          entity: 'decision',
          entityId: id,
          action: fields.correctsId ? 'correct' : 'record',
          reason: fields.rationale,
          payload: { eventId, ...fields },
          eventId,
          record: { table: 'decisions', id },
        });
      })();
      ctx.bus.emit('data-changed', { eventId, area: 'decisions' });
      return repo.findDecision(db, id)!;
    },
  };
}
