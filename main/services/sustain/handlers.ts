import type { sustainMethods } from '../../../common/contract/schemas/sustain';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { createControlItem, listControlPlan, removeControlItem, updateControlItem } from './controlPlan';
import { createRunbook, diffVersions, getRunbook, listRunbooks, restoreRunbook, saveRunbook, runbookOf } from './runbooks';
import { RUNBOOK_TEMPLATES } from './templates';
import { exportCalendar } from './calendar';
import { getReview, listReviews, runReview, setSchedule } from './reviews';
import * as repo from '../../db/repositories/sustain';

/**
 * Sustain: the control plan (`control-…`) and versioned runbooks (`runbook-…`). Guardrails for CI/CD live in
 * guardrails.ts beside this file and add their own spread here.
 */
export function sustainHandlers(ctx: ServiceContext): Handlers<keyof typeof sustainMethods> {
  return {
    'control-list': ({ eventId }) => listControlPlan(ctx, eventId),
    'control-create': (input) => createControlItem(ctx, input),
    'control-update': (input) => updateControlItem(ctx, input),
    'control-remove': ({ id }) => removeControlItem(ctx, id),
    'runbook-templates': () => Object.values(RUNBOOK_TEMPLATES),
    'runbook-list': ({ eventId }) => listRunbooks(ctx, eventId),
    'runbook-create': (input) => createRunbook(ctx, input),
    'runbook-get': ({ id, version }) => getRunbook(ctx, id, version),
    'runbook-versions': ({ id }) => {
      runbookOf(ctx, id);
      return repo.listVersions(ctx.db, id);
    },
    'runbook-save': (input) => saveRunbook(ctx, input),
    'runbook-diff': (input) => diffVersions(ctx, input),
    'runbook-restore': (input) => restoreRunbook(ctx, input),
    'sustain-calendar': ({ eventId }) => exportCalendar(ctx, eventId),
    'review-list': ({ eventId }) => listReviews(ctx, eventId),
    'review-schedule-set': (input) => setSchedule(ctx, input),
    'review-run': (input) => runReview(ctx, input),
    'review-get': ({ id }) => getReview(ctx, id),
  };
}
