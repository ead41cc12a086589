import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** Issue 19: a millisecond map showed "Lead time 0 h" and "−0 h (−30 %)" on screen and in the report. */
let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Latency' })).id;
});
afterEach(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

const text = (f: { base64: string }) => Buffer.from(f.base64, 'base64').toString('utf8');

describe('VSM totals in the report pick a sensible unit', () => {
  it('a map timed in ms (shown in h by default) reports ms in its drawing and its metrics table', async () => {
    const map = await s.call('vsm-create', { eventId, name: 'Scoring request' });
    for (const st of map.stages) await s.call('vsm-stage-remove', { id: st.id });
    for (const [name, pt, wt] of [['Gateway', 12, 3], ['Features', 140, 60], ['Model', 95, 20], ['Response', 8, 2]] as const) {
      await s.call('vsm-stage-add', { mapId: map.id, stage: { name, pt: { value: pt, unit: 'ms' }, wt: { value: wt, unit: 'ms' } } });
    }
    const got = await s.call('vsm-get', { mapId: map.id });
    expect(got.map.displayUnit).toBe('h');
    expect(got.metrics.leadTimeMs).toBe(340);
    const html = text((await s.call('report-download', { eventId, format: 'html', sections: ['vsm'] })).files[0]!);
    expect(html).toContain('Lead time 340 ms');
    expect(html).not.toMatch(/Lead time 0 h/);
    expect(html).toMatch(/Lead time \(ms\)/);
  });
});
