import { AppError, notFound } from '../../../common/contract/errors';
import type { FreezeHit, FreezeOverride, FreezeOverrideInput, FreezeWindow } from '../../../common/contract/schemas/freeze';
import { describeRule, freezeMonth, localCalendarDate, parseCalendarDate, windowCovers } from '../../../common/domain/governance/freeze';
import type { FreezeRule, FreezeWindowRule } from '../../../common/domain/governance/freeze';
import type { ServiceContext } from '../../context';
import type { Db } from '../../db/connection';
import type { Handlers, MethodsOf } from '../../handlers';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/signoffs';
import type { StoredWindow } from '../../db/repositories/signoffs';
import { requireEvent } from '../lookups';
import { actorFor, currentFacilitator, verifyPassphrase } from './people';

const asRule = (w: StoredWindow): FreezeWindowRule => ({ rule: w.rule as FreezeRule, validFrom: w.validFrom, validUntil: w.validUntil });

function toWindow(w: StoredWindow): FreezeWindow {
  return { ...w, description: describeRule(w.rule as FreezeRule) };
}

/** The event's windows in force (not withdrawn). */
function activeWindows(db: Db, eventId: string): StoredWindow[] {
  return repo.listWindows(db, eventId).filter((w) => w.withdrawn === null);
}

/**
 * Which freeze window, if any, covers a calendar date (YYYY-MM-DD) in this event: the first one created when
 * several do. Registry gates, the actions list and the change log use it. A date that is not a calendar date
 * is covered by nothing.
 */
export function freezeAt(db: Db, eventId: string, dateIso: string): FreezeHit | null {
  if (!parseCalendarDate(dateIso)) return null;
  const w = activeWindows(db, eventId).find((x) => windowCovers(asRule(x), dateIso));
  return w ? { id: w.id, name: w.name, reason: w.reason } : null;
}

/** Today on this machine's calendar (the room's), as YYYY-MM-DD. */
export function todayIso(ctx: ServiceContext): string {
  return localCalendarDate(ctx.clock.now());
}

/**
 * Records going ahead inside a freeze window: the facilitator's passphrase (checked first, outside any
 * transaction, so wrong tries are kept) and a reason. Logged in the change log. Call sites: actions started or
 * done in a freeze, the registry's promotion, a planned change.
 */
export function recordFreezeOverride(
  ctx: ServiceContext,
  input: FreezeOverrideInput & { eventId: string; date: string; subject: FreezeOverride['subject'] },
): FreezeOverride {
  const { db } = ctx;
  requireEvent(ctx, input.eventId);
  const hit = freezeAt(db, input.eventId, input.date);
  if (!hit) throw new AppError('BAD_INPUT', `${input.date} is not inside a freeze window: no override is needed.`);
  const facilitator = currentFacilitator(ctx, input.eventId);
  if (facilitator.memberId !== null && facilitator.memberId !== input.acting.memberId) {
    throw new AppError('FORBIDDEN', `Only the facilitator (${facilitator.name}) can override the freeze "${hit.name}".`);
  }
  const who = verifyPassphrase(ctx, { eventId: input.eventId, memberId: input.acting.memberId, passphrase: input.acting.passphrase });
  const o: Omit<FreezeOverride, 'windowName'> = {
    id: ctx.newId(),
    eventId: input.eventId,
    windowId: hit.id,
    subject: input.subject,
    date: input.date,
    reason: input.reason,
    memberId: who.memberId,
    name: who.name,
    at: ctx.nowIso(),
  };
  db.transaction(() => {
    repo.insertOverride(db, o);
    appendChange(db, o.at, {
      actor: who.name,
      entity: 'freeze-override',
      entityId: o.id,
      action: 'override',
      reason: o.reason,
      eventId: o.eventId,
      payload: { window: hit.name, date: o.date, subject: o.subject },
      record: { table: 'freeze_overrides', id: o.id },
    });
  })();
  ctx.bus.emit('data-changed', { eventId: input.eventId, area: 'governance' });
  return repo.findOverride(db, o.id)!;
}

/** Whether a subject already has an override for a date (so it is asked once). */
export function hasFreezeOverride(db: Db, kind: FreezeOverride['subject']['kind'], subjectId: string, date: string): boolean {
  return repo.hasOverride(db, kind, subjectId, date);
}

export function freezeHandlers(ctx: ServiceContext): Handlers<MethodsOf<'freeze'>> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'governance' });
  return {
    'freeze-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listWindows(db, eventId).map(toWindow);
    },
    'freeze-create': (input) => {
      requireEvent(ctx, input.eventId);
      if (input.validFrom !== null && input.validUntil !== null && input.validUntil < input.validFrom) {
        throw new AppError('BAD_INPUT', 'validUntil: the window must not end before it starts.');
      }
      for (const [field, v] of [['validFrom', input.validFrom], ['validUntil', input.validUntil]] as const) {
        if (v !== null && !parseCalendarDate(v)) throw new AppError('BAD_INPUT', `${field}: ${v} is not a calendar date.`);
      }
      if (input.rule.kind === 'one-off') {
        for (const [field, v] of [['startDate', input.rule.startDate], ['endDate', input.rule.endDate]] as const) {
          if (!parseCalendarDate(v)) throw new AppError('BAD_INPUT', `rule.${field}: ${v} is not a calendar date.`);
        }
      }
      const w = {
        id: ctx.newId(),
        eventId: input.eventId,
        name: input.name,
        reason: input.reason,
        rule: input.rule,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        createdBy: actorFor(ctx, input.eventId),
        createdAt: ctx.nowIso(),
      };
      db.transaction(() => {
        repo.insertWindow(db, w);
        appendChange(db, w.createdAt, {
          actor: w.createdBy,
          entity: 'freeze-window',
          entityId: w.id,
          action: 'create',
          reason: w.reason,
          eventId: w.eventId,
          payload: { name: w.name, rule: describeRule(w.rule as FreezeRule) },
          record: { table: 'freeze_windows', id: w.id },
        });
      })();
      changed(w.eventId);
      return toWindow(repo.findWindow(db, w.id)!);
    },
    'freeze-withdraw': ({ id, reason, acting }) => {
      const w = repo.findWindow(db, id);
      if (!w) throw notFound('Freeze window', id);
      requireEvent(ctx, w.eventId);
      if (w.withdrawn) throw new AppError('CONFLICT', `The freeze window "${w.name}" was already withdrawn on ${w.withdrawn.at.slice(0, 10)}.`);
      const who = verifyPassphrase(ctx, { eventId: w.eventId, memberId: acting.memberId, passphrase: acting.passphrase });
      const at = ctx.nowIso();
      db.transaction(() => {
        repo.insertWithdrawal(db, id, reason, who.memberId, who.name, at);
        appendChange(db, at, {
          actor: who.name,
          entity: 'freeze-window',
          entityId: id,
          action: 'withdraw',
          reason,
          eventId: w.eventId,
          payload: { name: w.name },
          record: { table: 'freeze_withdrawals', id },
        });
      })();
      changed(w.eventId);
      return toWindow(repo.findWindow(db, id)!);
    },
    'freeze-at': ({ eventId, date }) => {
      requireEvent(ctx, eventId);
      return freezeAt(db, eventId, date);
    },
    'freeze-month': ({ eventId, month }) => {
      requireEvent(ctx, eventId);
      const windows = activeWindows(db, eventId);
      const y = Number(month.slice(0, 4));
      const m = Number(month.slice(5, 7));
      return freezeMonth(windows.map(asRule), y, m).map((d) => ({
        date: d.date,
        windows: d.windows.flatMap((i) => {
          const w = windows[i];
          return w ? [{ id: w.id, name: w.name, reason: w.reason }] : [];
        }),
      }));
    },
    'freeze-override-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listOverrides(db, eventId);
    },
    'freeze-override-create': (input) => recordFreezeOverride(ctx, input),
  };
}

/** One read of the event's windows, then a look-up per date (lists: actions, changes). */
export function freezeLookup(db: Db, eventId: string): (dateIso: string | null) => FreezeHit | null {
  const windows = activeWindows(db, eventId);
  return (dateIso) => {
    if (dateIso === null || windows.length === 0 || !parseCalendarDate(dateIso)) return null;
    const w = windows.find((x) => windowCovers(asRule(x), dateIso));
    return w ? { id: w.id, name: w.name, reason: w.reason } : null;
  };
}

/**
 * Before something goes ahead today (an action started or done, a planned change carried out): inside a freeze
 * window it needs an override — recorded here when given (facilitator's passphrase, reason), else a CONFLICT
 * error whose details say 'freeze-override-needed' and name the window, so the window can ask for it. An
 * override already recorded for the same subject today is not asked again.
 */
export function requireFreezeClearance(
  ctx: ServiceContext,
  eventId: string,
  subject: FreezeOverride['subject'],
  override: FreezeOverrideInput | undefined,
  date: string = todayIso(ctx),
): void {
  const hit = freezeAt(ctx.db, eventId, date);
  if (!hit || repo.hasOverride(ctx.db, subject.kind, subject.id, date)) return;
  if (!override) {
    throw new AppError('CONFLICT', `${date === todayIso(ctx) ? `Today (${date})` : date} is inside the change freeze "${hit.name}" (${hit.reason}): going ahead needs the facilitator's override with a reason.`, {
      reason: 'freeze-override-needed',
      window: hit,
      date,
    });
  }
  recordFreezeOverride(ctx, { ...override, eventId, date, subject });
}
