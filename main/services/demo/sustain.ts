import type { ServiceContext } from '../../context';
import type { ControlPlanFields } from '../../../common/contract/schemas/sustain';
import * as kpis from '../../db/repositories/kpi';
import * as team from '../../db/repositories/team';
import { createControlItem } from '../sustain/controlPlan';
import { createRunbook, saveRunbook } from '../sustain/runbooks';
import { setSchedule } from '../sustain/reviews';

const MONITORING = `# Monitoring — inference latency

Owner: **Luis García** (platform SRE). Checked every morning at stand-up, on the projector.

## Routine check (5 minutes)
1. Open *KPIs → Inference p95 response time* and look at the last 7 points.
2. Any point above the UCL or a run of 9 on one side? Follow the control plan's reaction row.
3. Open *Analysis → Drift* for \`feature_ms\`: PSI above 0.2 means the feature store changed behaviour.
4. Post "p95 OK / not OK" in #scoring-ops, even when nothing happened.

## Dashboards
- [Scoring latency dashboard](https://grafana.example.internal/d/scoring-latency)
- [Feature-store cache hit rate](https://grafana.example.internal/d/feature-cache)

## If the cache hit rate drops below 80 %
- [ ] Check the cache TTL was not reset by a deploy
- [ ] Check the feature-store node count
- [ ] If p95 is above 415 ms for two days: use the rollback runbook
`;

const ROLLBACK = `# Rollback — feature-store caching change

Returns scoring to the configuration before 12 November (no cache in front of the feature store).
Expected time: **10 minutes**. Rehearsed on 12 November.

## When
- p95 response time above 415 ms on two consecutive days, or
- wrong feature values served from the cache (data incident).

## Steps
1. Tell #scoring-ops and the on-call that you are rolling back.
2. Set \`FEATURE_CACHE_ENABLED=false\` in the scoring service configuration.
3. Restart the scoring pods one at a time.
4. Send a sample request; check \`feature_ms\` in the log is back to about 180 ms.

## After
- [ ] Record the rollback in the change log (Governance)
- [ ] Open an action for the fix, with an owner and a due date
`;

/**
 * demoExtensions entry (after the KPIs and the team exist): two runbooks (monitoring and rollback, the
 * monitoring one saved twice so its history and diff have something to show), a control-plan row per KPI, and the
 * 30/60/90-day review schedule from the event's end date (13 November: the 30-day review is due 13 December; its
 * follow-up month is resources/demo/follow-up/, appended with the import).
 */
export function addSustainDemo(ctx: ServiceContext, eventId: string): void {
  const member = (name: string) => team.listMembers(ctx.db, eventId).find((m) => m.name === name)?.id ?? null;
  const kpi = (name: string) => kpis.listKpis(ctx.db, eventId).find((k) => k.name === name);
  const luis = member('Luis García');
  const aisha = member('Aisha Bello');
  const jonas = member('Jonas Weber');

  // Version 1 was the routine check alone; version 2 (after the event) added the dashboards and the cache checks.
  const monitoring = createRunbook(ctx, { eventId, kind: 'monitoring', title: 'Monitoring — inference latency', body: `${MONITORING.split('\n## Dashboards')[0]!}\n` });
  saveRunbook(ctx, { id: monitoring.runbook.id, baseVersion: 1, title: 'Monitoring — inference latency', body: MONITORING, note: 'Dashboards linked; cache hit-rate checks added after the event' });
  const rollback = createRunbook(ctx, { eventId, kind: 'rollback', title: 'Rollback — feature-store caching change', body: ROLLBACK });

  const rows: Array<[string, Partial<ControlPlanFields>]> = [
    [
      'Inference p95 response time',
      {
        ownerId: luis,
        frequency: 'daily',
        sourceNote: 'Inference log, appended daily',
        reactions: [
          { signal: { kind: 'special-cause', test: 1 }, action: 'Check the feature-store cache hit rate and the last deploy' },
          { signal: { kind: 'threshold', op: 'above', value: 415 }, action: 'Two days in a row: roll back the caching change' },
          { signal: { kind: 'drift', psiAbove: 0.2 }, action: 'Compare feature_ms with the reference week; raise a data incident' },
        ],
        escalations: [
          { incident: 'infrastructure', who: 'Luis García (platform on-call)', responseHours: 0.5 },
          { incident: 'data', who: 'Aisha Bello', responseHours: 4 },
        ],
        runbookId: rollback.runbook.id,
      },
    ],
    [
      'Feature computation p95',
      {
        ownerId: aisha,
        frequency: 'daily',
        sourceNote: 'Inference log, /score only',
        reactions: [{ signal: { kind: 'special-cause', test: 2 }, action: 'Look for a feature-store change in the last 9 days' }],
        escalations: [{ incident: 'data', who: 'Aisha Bello', responseHours: 4 }],
        runbookId: monitoring.runbook.id,
      },
    ],
    [
      'Model AUC',
      {
        ownerId: jonas,
        frequency: 'daily',
        reactions: [{ signal: { kind: 'threshold', op: 'below', value: 0.88 }, action: 'Start the retraining pipeline and tell the process owner' }],
        escalations: [{ incident: 'algorithmic', who: 'Jonas Weber', responseHours: 24 }],
      },
    ],
    [
      'Model precision',
      {
        ownerId: jonas,
        frequency: 'daily',
        sourceNote: 'Model performance log, one row a day',
        reactions: [{ signal: { kind: 'threshold', op: 'below', value: 0.77 }, action: 'Below the charter objective: check the operating threshold and the latest model version with the risk team' }],
        escalations: [{ incident: 'algorithmic', who: 'Jonas Weber', responseHours: 24 }],
      },
    ],
    [
      'Pipeline failure rate',
      {
        ownerId: aisha,
        frequency: 'weekly',
        reactions: [{ signal: { kind: 'threshold', op: 'above', value: 0.1 }, action: 'Review the failed runs at the weekly ops meeting' }],
        escalations: [{ incident: 'infrastructure', who: 'Luis García', responseHours: 8 }],
      },
    ],
    ['Retraining latency (trigger → deployed)', { ownerId: jonas, frequency: 'per-release', sourceKind: 'manual', sourceNote: 'Entered by the ML engineer after each retraining' }],
  ];
  for (const [name, fields] of rows) {
    const k = kpi(name);
    if (k) createControlItem(ctx, { eventId, kpiId: k.id, fields });
  }
  setSchedule(ctx, { eventId });
}
