import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { findLink } from '../../db/repositories/sources';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { EXIT, guarded, parse, printJson, requireFlag, UsageError } from '../command';

/**
 * `kaizen link FILE|clickhouse://…` — a linked dataset: the rows stay where they are (a Parquet file or folder, a
 * CSV/TSV, a JSON Lines file read by DuckDB; a ClickHouse table), the store keeps the link and its fingerprint.
 * --convert-parquet converts a CSV/TSV/JSON Lines file once into day-partitioned Parquet in the data folder
 * (progress on stderr; Ctrl+C cancels and leaves nothing behind). --relink DATASET_ID reads a changed file again.
 */
export const linkCommand: Command = {
  name: 'link',
  summary: 'Link a large file (Parquet, folder of Parquet, CSV/TSV, JSON Lines) or a ClickHouse table as a dataset, read in place',
  usage: 'kaizen link FILE|clickhouse://user@host:port/db/table --data-dir DIR --event EVENT_ID [--name NAME] [--convert-parquet] [--relink DATASET_ID] --json',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values, positionals } = parse(argv, {
        'data-dir': { type: 'string' },
        event: { type: 'string' },
        name: { type: 'string' },
        'convert-parquet': { type: 'boolean' },
        relink: { type: 'string' },
        json: { type: 'boolean' },
      });
      if (positionals.length !== 1 && !values.relink) throw new UsageError('give exactly one FILE (or clickhouse:// link) to link.');
      const target = positionals[0];
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      const off = services.bus.on((e) => {
        if (e.name === 'job-progressed' && e.payload.kind === 'link' && !values.json) io.err(`${e.payload.message ?? ''} ${e.payload.total ? `${e.payload.done}%` : ''}`.trim());
      });
      try {
        let out: { datasetId: string; source: string; rows: number; columns: unknown; fingerprint: unknown; location?: string; format?: string; convertedFrom?: string | null };
        if (values.relink && !target && findLink(services.db, values.relink)?.sourceKind === 'clickhouse') {
          // A ClickHouse link re-reads the same table (its count and max time changed as rows arrived).
          out = await invoke(services.dispatch, 'clickhouse-relink', { datasetId: values.relink }, { signal: controller.signal });
        } else if (values.relink) {
          out = await invoke(services.dispatch, 'source-relink', { datasetId: values.relink, path: target ? path.resolve(target) : undefined }, { signal: controller.signal });
        } else if (/^clickhouse(\+https)?:\/\//.test(target!)) {
          const eventId = requireFlag(values.event, '--event');
          // The ClickHouse source's own method (main/services/sources/clickhouse); the password comes from KAIZEN_CLICKHOUSE_PASSWORD.
          const r = await services.dispatch('clickhouse-link', { eventId, url: target, name: values.name }, { signal: controller.signal });
          if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
          out = r.value as typeof out;
        } else {
          const eventId = requireFlag(values.event, '--event');
          out = await invoke(services.dispatch, 'source-link', { eventId, path: path.resolve(target!), name: values.name, convertParquet: values['convert-parquet'] ?? false }, { signal: controller.signal });
        }
        const json = { datasetId: out.datasetId, source: out.source, rows: out.rows, columns: out.columns, fingerprint: out.fingerprint, location: out.location, format: out.format, convertedFrom: out.convertedFrom ?? null };
        if (values.json) printJson(io, json);
        else io.out(`linked ${out.rows} rows from ${out.location ?? target} as ${out.datasetId}`);
        return EXIT.ok;
      } finally {
        off();
        process.off('SIGINT', onSigint);
        services.close();
      }
    }),
};
