import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { datasetMethods, ColumnProfile, ImportInput, ImportResult, Preview } from '../../../common/contract/schemas/datasets';
import { AppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/datasets';
import { runImportJob } from '../../importers/worker/runImportJob';
import type { ImportJob } from '../../importers/importer';
import { openSource } from '../../importers/source/index';
import { planPreview } from '../../importers/preview';
import { assertTableName } from '../../importers/tableWriter';
import { dropOrphanTables } from '../../importers/importSlices';
import { getDataset, listDatasets, requireVersion } from './access';
import { requireEvent } from '../lookups';
import { Uploads } from './uploads';
import { readRowsPage } from './rows';
import { markPersonalAtImport } from '../governance/dpa';
import { actorFor } from '../governance/people';

/** Default dataset name from a file name: "inference-log.csv" → "inference-log". */
export function nameFromFile(fileName: string): string {
  return path.basename(fileName, path.extname(fileName)).slice(0, 200) || 'Dataset';
}

/** Starts an import as a job and waits for it; shared by the contract handler, the CLI and the demo. */
export async function importDataset(ctx: ServiceContext, input: ImportInput, source: { file: string; displayName: string }, signal?: AbortSignal): Promise<ImportResult> {
  requireEvent(ctx, input.eventId);
  const name = input.name ?? nameFromFile(source.displayName);
  const needsSalt = (input.columns ?? []).some((c) => c.privacy === 'pseudonymise') || hasPseudonymisedColumns(ctx, input.eventId, name);
  const salt = needsSalt ? repo.eventSalt(ctx.db, input.eventId, () => randomBytes(32).toString('hex')) : null;
  const job: ImportJob = {
    file: source.file,
    displayName: source.displayName,
    eventId: input.eventId,
    name,
    datasetId: null,
    newDatasetId: ctx.newId(),
    versionId: ctx.newId(),
    options: input.options,
    columns: input.columns,
    rules: input.rules,
    append: input.append,
    dryRun: input.dryRun,
    salt,
    nowIso: ctx.nowIso(),
    actor: actorFor(ctx, input.eventId),
  };
  const j = ctx.jobs.start(input.jobId ?? ctx.newId(), 'import', signal);
  try {
    const result = await runImportJob({ db: ctx.db, dbPath: ctx.dbPath, nativeBinding: ctx.nativeBinding }, job, j);
    // Personal columns are column metadata of the dataset, written once the version exists (the DPA review is raised once).
    if (result.status !== 'dry-run' && result.datasetId && input.personal?.length) markPersonalAtImport(ctx, input.eventId, result.datasetId, input.personal);
    j.finish(true, result.status);
    if (result.status === 'imported') ctx.bus.emit('data-changed', { eventId: input.eventId, area: 'datasets' });
    return result;
  } catch (e) {
    j.finish(false, (e as Error).message);
    throw e;
  }
}

/** At start: tables of imports that were killed before their last transaction (see importSlices.ts). */
function sweepOrphanTables(ctx: ServiceContext): void {
  try {
    dropOrphanTables(ctx.db);
  } catch {
    // a read-only or full store: left for a later start; nothing refers to them
  }
}

function hasPseudonymisedColumns(ctx: ServiceContext, eventId: string, name: string): boolean {
  const ds = repo.findDatasetByName(ctx.db, eventId, name);
  const v = ds ? repo.latestVersion(ctx.db, ds.id) : null;
  return !!v && v.columns.some((c) => c.privacy === 'pseudonymise');
}

export function datasetHandlers(ctx: ServiceContext): Handlers<keyof typeof datasetMethods> {
  const { db } = ctx;
  sweepOrphanTables(ctx);
  const uploads = new Uploads(ctx);
  return {
    'dataset-list': ({ eventId }) =>
      listDatasets(ctx, eventId).map((d) => {
        const v = repo.findVersionById(db, d.versionId)!;
        return { ...d, versionCount: d.version, fileName: v.fileName, rejectedCount: v.rejectedCount, warningCount: v.warnings.length };
      }),
    'dataset-get': ({ datasetId, version }) => getDataset(ctx, datasetId, version),
    'dataset-versions': ({ datasetId }) => {
      requireVersion(ctx, datasetId);
      return repo.listVersions(db, datasetId).map((v) => ({
        id: v.id,
        version: v.version,
        mode: v.mode,
        rowCount: v.rowCount,
        ownRows: v.ownRows,
        rejectedCount: v.rejectedCount,
        sha256: v.sha256,
        fileName: v.fileName,
        fileSize: v.fileSize,
        fileMtime: v.fileMtime,
        options: v.options,
        rules: v.rules,
        droppedColumns: ((v.options.privacy as { dropped?: string[] } | undefined)?.dropped ?? []) as string[],
        warnings: v.warnings,
        importedAt: v.importedAt,
        uses: repo.listUses(db, v.id),
      }));
    },
    'dataset-profile': ({ datasetId, version }) => {
      const { v } = requireVersion(ctx, datasetId, version);
      return { version: v.version, columns: v.profile as ColumnProfile[] };
    },
    'dataset-rows': ({ datasetId, version, offset, limit }) => {
      const { v } = requireVersion(ctx, datasetId, version);
      return readRowsPage(db, v, offset, limit);
    },
    'dataset-quarantine': ({ versionId, limit }) => {
      if (!repo.findVersionById(db, versionId)) throw new AppError('NOT_FOUND', `Dataset version "${versionId}" was not found.`);
      return repo.quarantineSummary(db, versionId, limit);
    },
    'dataset-delete': ({ datasetId }) => {
      const { ds } = requireVersion(ctx, datasetId);
      db.transaction(() => {
        for (const t of repo.datasetTables(db, datasetId)) db.exec(`DROP TABLE IF EXISTS "${assertTableName(t)}"`);
        repo.deleteDataset(db, datasetId);
        appendChange(db, ctx.nowIso(), { actor: actorFor(ctx, ds.eventId), entity: 'dataset', entityId: datasetId, action: 'delete', payload: { name: ds.name }, eventId: ds.eventId });
      })();
      ctx.bus.emit('data-changed', { eventId: ds.eventId, area: 'datasets' });
      return { id: datasetId };
    },
    'dataset-upload-begin': ({ fileName, size, lastModified }) => uploads.begin(fileName, size, lastModified),
    'dataset-upload-chunk': ({ uploadId, offset, data }) => uploads.chunk(uploadId, offset, data),
    'dataset-upload-discard': ({ uploadId }) => ({ ok: uploads.discard(uploadId) }),
    'dataset-preview': async ({ eventId, source, options }): Promise<Preview> => {
      requireEvent(ctx, eventId);
      const s = uploads.resolve(source);
      const src = await openSource(s.file, { ...options, displayName: s.displayName });
      const existing = repo.findDatasetByName(db, eventId, nameFromFile(s.displayName));
      return planPreview(src, options, existing, existing ? repo.latestVersion(db, existing.id) : null);
    },
    'dataset-import': async (input, call) => {
      const s = uploads.resolve(input.source);
      const result = await importDataset(ctx, input, s, call.signal);
      if (input.source.kind === 'upload' && result.status !== 'dry-run') uploads.discard(input.source.uploadId);
      // One import per dialog choice: a finished import spends the handle (previews and dry runs only peek).
      if (input.source.kind === 'handle' && result.status !== 'dry-run') ctx.files.spend(input.source.handle);
      return result;
    },
  };
}
