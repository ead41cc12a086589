import type { RunbookKind, RunbookTemplate } from '../../../common/contract/schemas/sustain';

/**
 * Built-in runbook templates, one per kind. Plain CommonMark the team edits into their own: headings, numbered
 * steps and lists that read well projected and printed (no tables: the viewer renders CommonMark only). No HTML (the viewer drops it).
 */
export const RUNBOOK_TEMPLATES: Readonly<Record<RunbookKind, RunbookTemplate>> = {
  monitoring: {
    kind: 'monitoring',
    title: 'Monitoring runbook',
    body: `# Monitoring runbook

## What we watch
- **KPI:** name, unit, where the numbers come from
- **Owner:** who looks at it, and how often (see the control plan)

## Routine check
1. Open the KPI's control chart (Kaizen Studio → KPIs).
2. Look for special-cause signals since the last check (points beyond the limits, runs, trends).
3. Compare the latest value with the target and the alert threshold.
4. Write what you saw in the team channel, even when nothing happened.

## When a signal shows
1. Check the data first: did the log arrive complete, on time, with the usual row count?
2. Follow the reaction plan row for that signal (control plan).
3. If it is an incident, switch to the incident-response runbook.

## Contacts
- **KPI owner:** name, channel
- **On-call:** name, phone or pager
`,
  },
  'incident-response': {
    kind: 'incident-response',
    title: 'Incident response runbook',
    body: `# Incident response runbook

## Declare
- Say in the incident channel: what broke, since when, who is leading.
- Classify it: **data**, **infrastructure** or **algorithmic** — the escalation path in the control plan says who to call and how fast.

## Stabilise
1. Stop the damage first (pause the job, switch traffic, freeze the model).
2. If the last change caused it, use the rollback runbook.
3. Keep a timeline: every step with the time.

## Diagnose
- Data: schema change, missing partition, late or duplicated rows?
- Infrastructure: capacity, dependency down, configuration change?
- Algorithmic: drift (PSI above the plan's limit), a new segment, a fairness gap?

## Close
- [ ] KPI back inside its control limits
- [ ] Root cause written down
- [ ] Actions recorded in Kaizen Studio with owners and due dates
- [ ] Review held within 5 working days
`,
  },
  rollback: {
    kind: 'rollback',
    title: 'Rollback runbook',
    body: `# Rollback runbook

## When to roll back
- A reaction plan row says so, or the incident lead decides it.
- Expected time to roll back: __ minutes.

## Before
- [ ] Name the version to return to and where its artefact is
- [ ] Tell the on-call and the KPI owners

## Steps
1. Switch traffic or configuration back to the previous version.
2. Confirm the previous version answers (health check, a sample request).
3. Watch the KPI for one measurement interval.

## After
- [ ] Record the rollback (Governance → Registry)
- [ ] Open an action for the fix and the next attempt
`,
  },
};
