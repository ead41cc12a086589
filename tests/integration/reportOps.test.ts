import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices | undefined;
afterEach(() => s?.close());
const flat = (t: string) => t.replace(/\s+/g, ' ');

describe('the integration and operations section of the report', () => {
  it('prints the SLA register with compliance, the breach Pareto, the checklist and the FMEA by RPN (HTML and PDF via pdftotext)', async () => {
    s = await tempServices();
    const out = tempDir('kaizen-report-ops-');
    const eventId = (await s.call('event-create', { name: 'Ops report' })).id;
    const log = path.join(out, 'gw.csv');
    fs.writeFileSync(log, 'ts,endpoint,status,upstream\n2026-03-02T10:00:01Z,/score,200,\n2026-03-02T10:00:02Z,/score,503,feature-store\n2026-03-03T10:00:01Z,/score,200,\n');
    const ds = await s.call('dataset-import', { eventId, source: { kind: 'path', path: log }, name: 'Gateway log' });
    await s.call('ops-sla-add', { eventId, entry: { subjectKind: 'endpoint', subject: '/score', metric: 'availability', target: 0.99, window: 'day', signed: true, owner: 'Luis', source: { datasetId: ds.datasetId!, time: 'ts', status: 'status', cause: 'upstream', match: { column: 'endpoint', value: '/score' } } } });
    await s.call('ops-checklist-add', { eventId, item: { title: 'Formats agreed', status: 'in-progress', owner: 'Jonas', sampleBefore: '{"amount": 1}', sampleAfter: '{"amount": "1"}' } });
    await s.call('ops-fmea-add', { eventId, row: { failureMode: 'Upstream outage', scores: { severity: 8, occurrence: 4, detection: 3 }, fallback: 'Rules-only decision' } });
    await s.call('ops-fmea-add', { eventId, row: { failureMode: 'Data drift', scores: { severity: 7, occurrence: 6, detection: 6 }, recommendedAction: 'Daily PSI KPI' } });

    const html = fs.readFileSync((await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'r.html'), sections: ['ops'] })).files[0]!.path, 'utf8');
    expect(html).toContain('Integration and operations');
    const pdf = (await s.call('report-export', { eventId, format: 'pdf', out: path.join(out, 'r.pdf'), sections: ['ops'] })).files[0]!.path;
    const text = flat(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
    expect(text).toContain('SLA register');
    // Day 1: 1 of 2 answered (50 %), day 2: 1 of 1 → one of two days met.
    expect(text).toMatch(/\/score \(endpoint\) Availability.*≥ 99\.00 day yes Luis 2 50\.0 % 2026-03-02/);
    expect(text).toMatch(/Breach minutes by cause.*feature-store 1 100\.0 % 100\.0 %/);
    expect(text).toMatch(/Formats agreed In progress Jonas.*changed-type amount/);
    // FMEA by RPN: Data drift 252 before Upstream outage 96.
    expect(text.indexOf('Data drift 7 6 6 252')).toBeLessThan(text.indexOf('Upstream 8 4 3 96'));
    expect(text).toMatch(/Data drift .*7 6 6 252/);
    expect(text).toMatch(/Upstream 8 4 3 96 Rules-only outage decision/);
  }, 60_000);
});
