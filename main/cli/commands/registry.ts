import { STAGE_LABELS } from '../../../common/contract/schemas/registry';
import type { GateReport, RegistryModel } from '../../../common/contract/schemas/registry';
import { GATE_LABELS } from '../../../common/domain/governance/gates';
import { createServices } from '../../createServices';
import type { Services } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command, Io } from '../command';
import { EXIT, UsageError, guarded, parse, printJson, requireFlag } from '../command';

async function withServices<T>(dataDir: string | undefined, body: (s: Services) => Promise<T>): Promise<T> {
  const services = await createServices({ dataDir: dataDir ?? defaultDataDir(), platform: { transport: 'cli' } });
  try {
    return await body(services);
  } finally {
    services.close();
  }
}

function printGates(io: Io, report: GateReport, indent = ''): void {
  for (const g of report.gates) io.out(`${indent}${g.status.toUpperCase().padEnd(12)} ${GATE_LABELS[g.name]}: ${g.detail}`);
}

/** The registry as scripts read it: per version its stage, artifact hash and the gates (now, or as promoted). */
async function registryJson(s: Services, models: readonly RegistryModel[]) {
  const out = [];
  for (const m of models) {
    const versions = [];
    for (const v of m.versions) {
      const promotion = [...m.history].reverse().find((h) => h.versionId === v.id && (h.kind === 'promote' || h.kind === 'rollback')) ?? null;
      const open = v.stage === 'candidate' || v.stage === 'staging';
      versions.push({
        id: v.id,
        version: v.version,
        stage: v.stage,
        owner: v.owner?.name ?? null,
        artifact: v.artifact,
        createdAt: v.createdAt,
        gates: open ? await invoke(s.dispatch, 'registry-gates', { versionId: v.id }) : null,
        lastPromotion: promotion && { kind: promotion.kind, at: promotion.at, by: promotion.by, gates: promotion.gates, override: promotion.override, freeze: promotion.freeze },
      });
    }
    out.push({ id: m.id, name: m.name, component: m.component, production: m.versions.find((v) => v.id === m.productionVersionId)?.version ?? null, versions, productionHistory: m.production });
  }
  return out;
}

/** `kaizen registry`: models, versions, stages and gates. */
export const registryCommand: Command = {
  name: 'registry',
  summary: 'List the model registry: models, versions, stage, artifact hash and promotion gates',
  usage: 'kaizen registry --event ID [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { event: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
      const eventId = requireFlag(values.event, '--event');
      return withServices(values['data-dir'], async (s) => {
        await invoke(s.dispatch, 'event-get', { id: eventId });
        const models = await registryJson(s, await invoke(s.dispatch, 'registry-list', { eventId }));
        if (values.json) {
          printJson(io, { eventId, models });
          return EXIT.ok;
        }
        if (models.length === 0) io.out('No models registered in this event.');
        for (const m of models) {
          io.out(`${m.name}${m.component ? ` (${m.component})` : ''} — in production: ${m.production ?? 'none'}`);
          for (const v of m.versions) {
            const p = v.lastPromotion;
            io.out(`  ${v.version.padEnd(16)} ${STAGE_LABELS[v.stage].padEnd(10)} ${v.artifact ? `sha256 ${v.artifact.sha256.slice(0, 12)}…` : 'no artifact'}${p ? `  ${p.kind === 'rollback' ? 'rolled back to' : 'promoted'} ${p.at.slice(0, 10)} by ${p.by}${p.override ? ` (override: ${p.override.reason})` : ''}${p.freeze ? ` [inside freeze "${p.freeze.name}"]` : ''}` : ''}`);
            if (v.gates) printGates(io, v.gates, '      ');
          }
        }
        return EXIT.ok;
      });
    }),
};

/** `kaizen gate`: would this version pass its promotion gates now? Exit 0 promotable, 1 not, 2 bad input. */
export const gateCommand: Command = {
  name: 'gate',
  summary: 'Evaluate a model version’s promotion gates; exit 0 when promotable, 1 when not',
  usage: 'kaizen gate --event ID --model NAME --version V [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, { event: { type: 'string' }, model: { type: 'string' }, version: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
      const eventId = requireFlag(values.event, '--event');
      const modelName = requireFlag(values.model, '--model');
      const versionName = requireFlag(values.version, '--version');
      return withServices(values['data-dir'], async (s) => {
        await invoke(s.dispatch, 'event-get', { id: eventId });
        const models = await invoke(s.dispatch, 'registry-list', { eventId });
        const model = models.find((m) => m.name === modelName);
        if (!model) throw new UsageError(`No model "${modelName}" in this event${models.length ? ` (models: ${models.map((m) => m.name).join(', ')})` : ''}.`);
        const version = model.versions.find((v) => v.version === versionName);
        if (!version) throw new UsageError(`${modelName} has no version "${versionName}"${model.versions.length ? ` (versions: ${model.versions.map((v) => v.version).join(', ')})` : ''}.`);
        const report = await invoke(s.dispatch, 'registry-gates', { versionId: version.id });
        if (values.json) printJson(io, { promotable: report.promotable, gates: report.gates });
        else {
          io.out(`${modelName} ${versionName} (${STAGE_LABELS[version.stage]}) on ${report.date}: ${report.promotable ? 'promotable' : 'NOT promotable'}`);
          printGates(io, report, '  ');
        }
        return report.promotable ? EXIT.ok : EXIT.findings;
      });
    }),
};
