import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../common/contract/errors';
import { ColumnSpec, Rule } from '../../../common/contract/schemas/datasets';
import type { ImportResult } from '../../../common/contract/schemas/datasets';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { formatIssues, invoke } from '../../dispatch';
import type { Command } from '../command';
import { EXIT, guarded, parse, printJson, requireFlag, UsageError } from '../command';

/** --rules file: an array of rules, or {rules, columns} where columns override types, date order, roles, units, privacy. */
const RulesObject = z.object({ rules: z.array(Rule).default([]), columns: z.array(ColumnSpec).optional() });

function readRules(file: string): { rules: z.infer<typeof Rule>[]; columns?: z.infer<typeof ColumnSpec>[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--rules ${file}: ${(e as Error).message}`);
  }
  const parsed = Array.isArray(raw) ? z.array(Rule).safeParse(raw) : RulesObject.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--rules ${file}: ${formatIssues(parsed.error.issues)}`);
  return Array.isArray(parsed.data) ? { rules: parsed.data } : parsed.data;
}

function output(r: ImportResult) {
  return {
    datasetId: r.datasetId,
    version: r.version,
    rows: r.rows,
    rejected: r.rejected,
    sha256: r.sha256,
    unchanged: r.status === 'unchanged',
    columns: r.columns,
    warnings: r.warnings.map((w) => w.message),
  };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a CSV/TSV/JSON/JSONL/XLSX file as a dataset (new version, or --append)',
  usage: 'kaizen import FILE --data-dir DIR --event EVENT_ID [--name NAME] [--rules RULES.json] [--personal COL,COL] [--append] [--strict] --json',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values, positionals } = parse(argv, {
        'data-dir': { type: 'string' },
        event: { type: 'string' },
        name: { type: 'string' },
        rules: { type: 'string' },
        personal: { type: 'string' },
        append: { type: 'boolean' },
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
      });
      if (positionals.length !== 1) throw new UsageError('give exactly one FILE to import.');
      const file = path.resolve(positionals[0]!);
      const eventId = requireFlag(values.event, '--event');
      const rules = values.rules ? readRules(values.rules) : null;
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        // Through the contract like every other command (validation included); the path is the user's own.
        const result = await invoke(services.dispatch, 'dataset-import', {
          eventId,
          source: { kind: 'path', path: file },
          name: values.name,
          options: { encoding: 'auto', strict: values.strict ?? false },
          columns: rules?.columns,
          rules: rules?.rules,
          // Columns holding personal data (stored names): flagged on the dataset, "Review the DPA" raised once.
          personal: values.personal?.split(',').map((c) => c.trim()).filter(Boolean),
          append: values.append ?? false,
          dryRun: false,
        });
        if (values.json) printJson(io, output(result));
        else if (result.status === 'unchanged') io.out(`unchanged (same as version ${result.unchangedSameAs}) ${result.datasetId}`);
        else {
          io.out(`imported ${result.rows} rows as version ${result.version} of ${result.datasetId} (${result.rejected} rejected, ${result.seconds.toFixed(2)} s)`);
          for (const w of result.warnings) io.err(`warning: ${w.message}`);
          for (const r of result.rejectedByReason) io.err(`rejected: ${r.count} × ${r.reason}`);
        }
        return values.strict && result.rejected > 0 ? EXIT.findings : EXIT.ok;
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND' && !values.json) throw new AppError('NOT_FOUND', `${e.message} List events with: kaizen events --data-dir DIR`);
        throw e;
      } finally {
        services.close();
      }
    }),
};
