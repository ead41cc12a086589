import path from 'node:path';
import type { ColumnSpec } from '../../../common/contract/schemas/datasets';
import { CHECKLIST_TEMPLATE } from '../../../common/contract/schemas/ops';
import { AI_FAILURE_MODES } from '../../../common/domain/ops/fmea';
import type { ServiceContext } from '../../context';
import * as improve from '../../db/repositories/improve';
import { importDataset } from '../datasets/handlers';
import { addCheck, addFmea, addSla } from '../ops/register';

type Col = [source: string, type: ColumnSpec['type'], role: ColumnSpec['role'], unit: string | null];
const spec = ([source, type, role, unit]: Col): ColumnSpec => ({ source, name: source, type, dateFormat: null, role, unit, privacy: 'keep' });

/** The ops sample logs (scripts/generate-ops-demo.mjs): the API gateway's log and the users' corrections. */
export const OPS_DEMO_DATASETS: readonly { file: string; name: string; columns: Col[] }[] = [
  {
    file: 'gateway-log.csv',
    name: 'Gateway log',
    columns: [
      ['timestamp', 'timestamp', 'timestamp', null],
      ['client', 'category', 'group', null],
      ['endpoint', 'category', 'stage', null],
      ['api_version', 'category', null, null],
      ['status', 'integer', 'status', null],
      ['latency_ms', 'real', 'latency', 'ms'],
      ['request_bytes', 'integer', null, 'bytes'],
      ['response_bytes', 'integer', null, 'bytes'],
      ['upstream', 'category', null, null],
    ],
  },
  {
    file: 'user-corrections.csv',
    name: 'User corrections',
    columns: [
      ['prediction_id', 'text', 'entity-id', null],
      ['corrected_at', 'timestamp', 'timestamp', null],
      ['corrected_label', 'category', 'true-label', null],
      ['source', 'category', null, null],
    ],
  },
];

const V1_SAMPLE = JSON.stringify({ transaction_id: 'txn-0004049', amount: 129.9, currency: 'EUR', merchant: { id: 'm-881', mcc: 5411 }, card: { bin: '457173', country: 'DE' } }, null, 2);
const V2_SAMPLE = JSON.stringify({ transaction_id: 'txn-0004049', amount: { value: '129.90', currency: 'EUR' }, merchant: { id: 'm-881', mcc: '5411', name: 'Grocer' }, card: { bin: '457173', country: 'DE' }, channel: 'web' }, null, 2);

/**
 * demoExtensions entry (issue 23): the gateway log (four clients, API v1/v2, the nightly batch burst, the feature-store
 * outage of 10 November) and the corrections; an SLA register computed from the log; the integration checklist with
 * the v1 → v2 request samples; the FMEA from the AI failure-mode template, scored by the team, one row re-scored.
 */
export async function addOpsDemo(ctx: ServiceContext, eventId: string): Promise<void> {
  const ids: string[] = [];
  for (const d of OPS_DEMO_DATASETS) {
    const file = path.join(ctx.resourcesDir, 'demo', d.file);
    const r = await importDataset(
      ctx,
      { eventId, source: { kind: 'path', path: file }, name: d.name, options: { encoding: 'auto' }, columns: d.columns.map(spec), append: false, dryRun: false },
      { file, displayName: d.file },
    );
    ids.push(r.datasetId!);
  }
  const gateway = ids[0]!;
  const src = (endpoint: string, extra: { status?: string; value?: string }) => ({ datasetId: gateway, time: 'timestamp', cause: 'upstream', match: { column: 'endpoint', value: endpoint }, ...extra });
  addSla(ctx, { eventId, entry: { subjectKind: 'endpoint', subject: '/score', metric: 'availability', target: 0.99, window: 'day', signed: true, owner: 'Luis García', notes: 'Own endpoint: what checkout is promised.', source: src('/score', { status: 'status' }) } });
  addSla(ctx, { eventId, entry: { subjectKind: 'endpoint', subject: '/score', metric: 'p95', target: 400, unit: 'ms', window: 'day', signed: true, owner: 'Luis García', notes: '', source: src('/score', { value: 'latency_ms' }) } });
  addSla(ctx, { eventId, entry: { subjectKind: 'provider', subject: 'Feature store (/features)', metric: 'availability', target: 0.999, window: 'week', signed: false, owner: 'Aisha Bello', notes: 'Draft with the feature-store team; not signed yet.', source: src('/features', { status: 'status' }) } });

  const checks: Record<string, { status: 'not-started' | 'in-progress' | 'done'; owner: string; evidence?: { label: string; url: string }[]; samples?: boolean }> = {
    [CHECKLIST_TEMPLATE[0]]: { status: 'in-progress', owner: 'Jonas Weber', evidence: [{ label: 'Scoring API v2 schema', url: 'https://wiki.example.internal/scoring-api-v2' }], samples: true },
    [CHECKLIST_TEMPLATE[1]]: { status: 'done', owner: 'Jonas Weber', evidence: [{ label: 'Versioning policy (v1 sunset 2027-01-31)', url: 'https://wiki.example.internal/api-versioning' }] },
    [CHECKLIST_TEMPLATE[2]]: { status: 'in-progress', owner: 'Aisha Bello' },
    [CHECKLIST_TEMPLATE[3]]: { status: 'not-started', owner: 'Luis García' },
    [CHECKLIST_TEMPLATE[4]]: { status: 'not-started', owner: 'Luis García' },
    [CHECKLIST_TEMPLATE[5]]: { status: 'done', owner: 'Luis García', evidence: [{ label: 'Gateway dashboard', url: 'https://grafana.example.internal/d/gateway' }] },
    [CHECKLIST_TEMPLATE[6]]: { status: 'in-progress', owner: 'Mei Lin', evidence: [{ label: 'Rules-only fallback design', url: 'https://wiki.example.internal/scoring-fallback' }] },
  };
  for (const title of CHECKLIST_TEMPLATE) {
    const c = checks[title]!;
    addCheck(ctx, { eventId, item: { title, status: c.status, owner: c.owner, evidence: c.evidence ?? [], ...(c.samples ? { sampleBefore: V1_SAMPLE, sampleAfter: V2_SAMPLE } : {}) } });
  }

  const budget = improve.listActions(ctx.db, eventId).find((a) => a.title === 'Add a latency budget to the model release checklist');
  for (const t of AI_FAILURE_MODES) {
    // The team's answer to timeouts is already an action (the latency budget); with it in place occurrence drops from 5 to 2.
    const timeout = t.failureMode === 'Model timeout' && budget;
    addFmea(ctx, { eventId, row: { ...t, scores: { ...t.scores }, rescored: timeout ? { ...t.scores, occurrence: 2 } : null }, actionId: timeout ? timeout.id : null });
  }
}
