import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let out: string;
let eventId: string;
beforeEach(async () => {
  s = await tempServices({ clock: fixedClock('2026-12-03T09:00:00.000Z') });
  out = tempDir('kaizen-report-sustain-');
  eventId = (await s.call('event-create', { name: 'Sustain report' })).id;
});
afterEach(() => s.close());

const PAYLOAD = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3))';

async function plannedEvent() {
  const priya = (await s.call('team-add', { eventId, member: { name: 'Priya Owner', role: 'ml-engineer' } })).id;
  const kpi = await s.call('kpi-create', { eventId, name: 'p95 latency', unit: 'ms', direction: 'lower', source: { kind: 'manual' } });
  await s.call('kpi-create', { eventId, name: 'Error rate', unit: '%', direction: 'lower', source: { kind: 'manual' } });
  const rb = await s.call('runbook-create', { eventId, kind: 'rollback', title: 'Roll back scoring', body: `# Steps\n1. Switch to v3.1\n${PAYLOAD}\n` });
  await s.call('control-create', {
    eventId,
    kpiId: kpi.id,
    fields: {
      ownerId: priya,
      frequency: 'weekly',
      reactions: [{ signal: { kind: 'threshold', op: 'above', value: 450 }, action: 'Roll back to v3.1' }],
      escalations: [{ incident: 'infrastructure', who: 'Platform on-call', responseHours: 0.5 }],
      runbookId: rb.runbook.id,
    },
  });
}

describe('the control plan and runbooks in the report and the A3', () => {
  it('prints each control-plan row and the runbook text escaped in the HTML report', async () => {
    await plannedEvent();
    const html = fs.readFileSync((await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'r.html'), sections: ['sustain'] })).files[0]!.path, 'utf8');
    const table = /<table data-table="control-plan">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const row = /<tbody>\s*<tr>([\s\S]*?)<\/tr>/.exec(table)?.[1] ?? '';
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['p95 latency (ms)', 'Priya Owner', 'Weekly', 'Manual entry', 'Value above 450 ms → Roll back to v3.1', 'Infrastructure: Platform on-call within 30 min', 'Roll back scoring']);
    expect(html).toContain('Roll back scoring — Rollback, version 1 of 3 Dec 2026');
    // The runbook's hostile text arrives as text: no element, no handler, no javascript: link.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script>alert|<img[^>]*onerror|href="javascript:/i);
    // The KPI without a row is not invented; the report says what is missing instead.
    expect(html).not.toContain('Error rate');
  });

  it('says so when there is no control plan and no runbook', async () => {
    const html = fs.readFileSync((await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'e.html'), sections: ['sustain'] })).files[0]!.path, 'utf8');
    expect(html).toContain('No control plan yet');
    expect(html).toContain('No runbooks were written for this event.');
  });

  it('fills the A3 follow-up with the control plan', async () => {
    await plannedEvent();
    const a3 = await s.call('report-a3-get', { eventId });
    expect(a3.fields.followUp).toContain(
      'Control plan — p95 latency: Priya Owner, weekly; reacts to above 450 ms; escalation infrastructure 30 min; runbook "Roll back scoring"',
    );
  });
});
