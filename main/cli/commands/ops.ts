import { SLA_METRICS, SLA_WINDOWS } from '../../../common/domain/ops/sla';
import type { SlaMetric, SlaWindow } from '../../../common/domain/ops/sla';
import { readTableFile } from '../../importers/readTableFile';
import type { OpsTable } from '../../services/ops/inputs';
import { runFeedback, runGateway, runRateLimit, runRetry, runSla } from '../../services/ops/whatifs';
import type { Command, Io } from '../command';
import { UsageError, guarded, numberFlag, parse, printJson, requireFlag } from '../command';

const SUBCOMMANDS = ['gateway', 'rate-limit', 'retry', 'sla', 'feedback'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const ms = (x: number | null) => (x === null ? '—' : `${Math.round(x)} ms`);

async function table(file: string, flag: string): Promise<OpsTable> {
  const t = await readTableFile(file);
  return { where: `${t.fileName} (${flag})`, columns: t.columns };
}

function need(v: number | undefined, flag: string): number {
  if (v === undefined) throw new UsageError(`${flag} is required.`);
  return v;
}

/** Prints the JSON without `warnings` (they go to stderr), or the text summary. */
function emit(io: Io, json: boolean, value: { warnings: string[] } & Record<string, unknown>, text: () => string[]): number {
  const { warnings, ...rest } = value;
  if (json) printJson(io, rest);
  else for (const line of text()) io.out(line);
  for (const w of warnings) io.err(`warning: ${w}`);
  return 0;
}

const OPTIONS = {
  input: { type: 'string' }, time: { type: 'string' }, client: { type: 'string' }, endpoint: { type: 'string' }, status: { type: 'string' },
  latency: { type: 'string' }, version: { type: 'string' }, 'request-bytes': { type: 'string' }, 'response-bytes': { type: 'string' },
  rate: { type: 'string' }, burst: { type: 'string' }, per: { type: 'string' },
  'max-retries': { type: 'string' }, 'base-ms': { type: 'string' }, multiplier: { type: 'string' }, 'timeout-ms': { type: 'string' },
  metric: { type: 'string' }, target: { type: 'string' }, window: { type: 'string' }, cause: { type: 'string' },
  inference: { type: 'string' }, id: { type: 'string' }, 'inference-id': { type: 'string' }, 'inference-time': { type: 'string' },
  label: { type: 'string' }, predicted: { type: 'string' }, segment: { type: 'string' }, model: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `kaizen ops <gateway|rate-limit|retry|sla|feedback> --input FILE …`: the integration module's evidence from the
 * team's own logs (README "Integration and operations"). Files are read as `kaizen fairness --input` reads them.
 */
export const opsCommand: Command = {
  name: 'ops',
  summary: 'Gateway logs: error rates, versions, rate-limit / retry / SLA what-ifs; feedback loop from corrections',
  usage: [
    'kaizen ops gateway    --input FILE --time COL --client COL --endpoint COL --status COL [--version COL] [--latency COL]',
    '                      [--request-bytes COL] [--response-bytes COL] [--timeout-ms T] [--json]',
    'kaizen ops rate-limit --input FILE --time COL [--client COL] --rate R --burst B [--per client|global] [--json]',
    'kaizen ops retry      --input FILE --time COL --endpoint COL --status COL [--latency COL] --max-retries N --base-ms B',
    '                      --multiplier M [--timeout-ms T] [--json]',
    'kaizen ops sla        --input FILE --time COL --metric availability|p95 --target X --window day|week',
    '                      [--latency COL] [--status COL] [--timeout-ms T] [--cause COL] [--json]',
    'kaizen ops feedback   --input CORRECTIONS --inference FILE --id COL --time COL --label COL --inference-time COL',
    '                      [--inference-id COL] [--predicted COL] [--segment COL] [--model COL] [--json]',
    '',
    '  status: an HTTP code, or "timeout"; failure = 5xx, timeout, or latency above --timeout-ms; 4xx = the caller\'s error',
    '  rate-limit: token bucket per client (default) or global, full at the first request, R tokens/s up to B',
    '  retry: retries at B, B+B·M, … ms (no jitter); recoverable = same endpoint answered a success within the window',
    '  sla: availability target is a share (0.999); p95 target in the latency column\'s unit; --cause COL adds breach',
    '       minutes attributed to the stage/provider in COL (Pareto)',
    'Exit 2 for unknown columns, unreadable cells (row named) or bad flags.',
  ].join('\n'),
  run: (argv, io) =>
    guarded(io, async () => {
      const [sub, ...rest] = argv;
      if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`ops needs one of ${SUBCOMMANDS.join(', ')} (got ${sub ? `"${sub}"` : 'nothing'}); see kaizen ops --help.`);
      const { values: v } = parse(rest, OPTIONS);
      const json = v.json === true;
      const input = await table(requireFlag(v.input, '--input'), '--input');
      const time = requireFlag(v.time, '--time');
      const timeoutMs = numberFlag(v['timeout-ms'], '--timeout-ms');
      switch (sub as Sub) {
        case 'rate-limit': {
          const per = v.per ?? 'client';
          if (per !== 'client' && per !== 'global') throw new UsageError(`--per must be client or global (got "${per}").`);
          if (per === 'client' && !v.client) throw new UsageError('--client COL is required for a per-client limit (or use --per global).');
          const r = runRateLimit(input, { time, client: v.client, rate: need(numberFlag(v.rate, '--rate'), '--rate'), burst: need(numberFlag(v.burst, '--burst'), '--burst'), per });
          return emit(io, json, r, () => [
            `${r.rejected} of ${r.requests} requests would have been rejected (${pct(r.rejectedShare)})`,
            'client\trequests\trejected\tpeak/s',
            ...r.byClient.map((c) => `${c.client}\t${c.requests}\t${c.rejected}\t${c.peakRatePerSecond}`),
          ]);
        }
        case 'retry': {
          const r = runRetry(input, {
            time,
            endpoint: requireFlag(v.endpoint, '--endpoint'),
            status: requireFlag(v.status, '--status'),
            latency: v.latency,
            maxRetries: need(numberFlag(v['max-retries'], '--max-retries'), '--max-retries'),
            baseMs: need(numberFlag(v['base-ms'], '--base-ms'), '--base-ms'),
            multiplier: need(numberFlag(v.multiplier, '--multiplier'), '--multiplier'),
            timeoutMs,
          });
          return emit(io, json, r, () => [
            `${r.recoverable} of ${r.failures} failures recoverable (${pct(r.recoveredShare)}); ${r.extraRequests} extra requests`,
            `added latency p50 ${ms(r.addedLatencyMs.p50)}, p95 ${ms(r.addedLatencyMs.p95)}; retries at ${r.schedule.join(', ')} ms`,
            ...(r.peak ? [`peak minute ${r.peak.minute}: ${r.peak.failures} failures, ${r.peak.requests} requests + ${r.peak.retries} retries (× ${r.peak.amplification.toFixed(2)})`] : []),
          ]);
        }
        case 'sla': {
          const metric = requireFlag(v.metric, '--metric');
          if (!(SLA_METRICS as readonly string[]).includes(metric)) throw new UsageError(`--metric must be ${SLA_METRICS.join(' or ')} (got "${metric}").`);
          const window = v.window ?? 'day';
          if (!(SLA_WINDOWS as readonly string[]).includes(window)) throw new UsageError(`--window must be ${SLA_WINDOWS.join(' or ')} (got "${window}").`);
          const r = runSla(input, { time, metric: metric as SlaMetric, target: need(numberFlag(v.target, '--target'), '--target'), window: window as SlaWindow, latency: v.latency, status: v.status, timeoutMs, cause: v.cause });
          const { breaches, ...core } = r;
          const out = v.cause ? r : core;
          return emit(io, json, out, () => [
            `compliance ${pct(r.compliance)} of ${r.windows.length} ${window}s`,
            ...r.windows.map((w) => `${w.start}\t${metric === 'availability' ? pct(w.value) : ms(w.value)}\t${w.met ? 'met' : 'MISSED'}`),
            ...(breaches ? [`${breaches.breachMinutes} breach minute(s) of ${breaches.minutes}:`, ...breaches.pareto.map((p) => `  ${p.cause}\t${p.minutes}\t${pct(p.cumulativeShare)} cumulative`)] : []),
          ]);
        }
        case 'gateway': {
          const r = runGateway(input, { time, client: requireFlag(v.client, '--client'), endpoint: requireFlag(v.endpoint, '--endpoint'), status: requireFlag(v.status, '--status'), version: v.version, latency: v.latency, requestBytes: v['request-bytes'], responseBytes: v['response-bytes'], timeoutMs });
          return emit(io, json, r, () => [
            `${r.requests} requests ${r.from} – ${r.to}; error rate ${pct(r.errorRate)}`,
            'endpoint\trequests\terrors\t4xx\terror rate',
            ...r.byEndpoint.map((e) => `${e.key}\t${e.requests}\t${e.errors}\t${e.clientErrors}\t${pct(e.errorRate)}`),
            ...r.versionsByClient.map((c) => `${c.client}: ${c.versions.map((x) => `${x.version} ${pct(x.share)} (last ${x.lastDay})`).join(', ')}`),
          ]);
        }
        case 'feedback': {
          const inference = await table(requireFlag(v.inference, '--inference'), '--inference');
          const r = runFeedback(inference, input, { id: requireFlag(v.id, '--id'), time, label: requireFlag(v.label, '--label'), inferenceId: v['inference-id'], inferenceTime: requireFlag(v['inference-time'], '--inference-time'), predicted: v.predicted, segment: v.segment, model: v.model });
          return emit(io, json, r, () => [
            `${r.matched} of ${r.corrections} corrections matched ${r.predictions} predictions; correction rate ${pct(r.correctionRate)}`,
            `label delay p50 ${ms(r.labelDelayMs.p50)}, p95 ${ms(r.labelDelayMs.p95)}`,
          ]);
        }
      }
    }),
};
