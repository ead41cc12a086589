import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let out: string;
let eventId: string;
beforeEach(async () => {
  s = await tempServices({ clock: fixedClock('2026-11-20T09:00:00.000Z') });
  out = tempDir('kaizen-report-gov-');
  eventId = (await s.call('event-create', { name: 'Governance report' })).id;
});
afterEach(() => s.close());

const flat = (t: string) => t.replace(/\s+/g, ' ');

async function governedEvent() {
  const add = async (name: string, role: string, passphrase: string) => {
    const m = await s.call('team-add', { eventId, member: { name, role } });
    await s.call('governance-passphrase-set', { memberId: m.id, passphrase });
    return m.id;
  };
  const ana = await add('Ana Facilitator', 'facilitator', 'ana-facilitates');
  const bo = await add('Bo Board', 'governance-board', 'board-member-bo');
  const cy = await add('Cy Compliance', 'compliance-legal', 'compliance-cy');
  const change = await s.call('governance-change-create', {
    eventId,
    fields: { component: { kind: 'other', id: '', label: 'Feature cache' }, changeType: 'infrastructure', before: 'none', after: 'cache on', reason: 'latency', link: null, requesterId: ana, ticketRef: '', plannedDate: null, actualDate: null },
    approver: { memberId: ana, passphrase: 'ana-facilitates' },
  });
  const q = await s.call('signoff-create', { eventId, subject: { kind: 'change', id: change.id }, requiredRoles: ['governance-board', 'compliance-legal'], statement: 'Go live', requesterId: ana });
  await s.call('signoff-sign', { requestId: q.id, acting: { memberId: bo, passphrase: 'board-member-bo' }, decision: 'approve', comment: 'ok' });
  await s.call('signoff-sign', { requestId: q.id, acting: { memberId: cy, passphrase: 'compliance-cy' }, decision: 'approve-with-conditions', comment: 'retention 90 days' });
  await s.call('freeze-create', { eventId, name: 'Month-end close', reason: 'Finance closes the books', rule: { kind: 'month-end', businessDays: 3 } });
  await s.call('dpa-create', { eventId, fields: { datasetId: null, datasetName: 'Inference log', columns: ['region'], purpose: 'Fairness by region', legalBasis: 'legitimate-interests', retention: '90 days', processor: 'In-house' } });
}

describe('the governance section of the report', () => {
  it('prints the chain head hash and every signature (who, role, decision) in the HTML and the PDF', async () => {
    await governedEvent();
    const chain = await s.call('governance-chain-status', {});
    expect(chain.intact).toBe(true);

    const html = fs.readFileSync((await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'r.html'), sections: ['governance'] })).files[0]!.path, 'utf8');
    expect(html).toContain(chain.head);

    const pdf = (await s.call('report-export', { eventId, format: 'pdf', out: path.join(out, 'r.pdf'), sections: ['governance'] })).files[0]!.path;
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    // The 64 hex digits of the head, unbroken on the paper copy.
    expect(text).toContain(chain.head);
    const t = flat(text);
    // Table cells wrap on paper: each signature's signer, role and decision words are on its rows.
    const rows = text.split('\n');
    const bo = rows.findIndex((r) => /Bo Board\s+Governance\s+Approve\s+ok/.test(r));
    expect(bo).toBeGreaterThan(0);
    const cy = rows.findIndex((r) => /\bCy\s+Compliance\s+Approve/.test(r));
    expect(cy).toBeGreaterThan(bo);
    expect(rows[cy + 1]).toMatch(/Compliance\s+\/ legal\s+with/);
    expect(rows[cy + 2]).toMatch(/conditions/);
    for (const piece of ['Sign-offs', 'Month-end close', 'Freeze windows', 'DPA register', 'Inference log', '20 Nov']) expect(t).toContain(piece);
    // The HTML has the same facts unbroken.
    for (const piece of ['Bo Board', 'Governance board', 'Cy Compliance', 'Compliance / legal', 'Approve with conditions', 'last 3 business days of each month', 'Legitimate interests (Art. 6(1)(f))']) {
      expect(html).toContain(piece);
    }
    expect(t).toContain(`${chain.entries}`);
  });

  it('a paper copy exposes a rewritten log: after tampering the head printed earlier is no longer the chain\'s', async () => {
    await governedEvent();
    const printed = (await s.call('governance-chain-status', {})).head;
    await s.call('freeze-create', { eventId, name: 'Fridays', reason: 'No Friday deploys', rule: { kind: 'weekday', weekday: 5 } });
    const later = await s.call('governance-chain-status', {});
    expect(later.head).not.toBe(printed);
    expect(later.intact).toBe(true);
    const html = fs.readFileSync((await s.call('report-export', { eventId, format: 'html', out: path.join(out, 'r2.html'), sections: ['governance'] })).files[0]!.path, 'utf8');
    expect(html).toContain(later.head);
    expect(html).not.toContain(printed);
  });
});
