import { AppError } from '../../../common/contract/errors';
import type { sourceMethods } from '../../../common/contract/schemas/sources';
import type { ServiceContext } from '../../context';
import { findLink, linksOfEvent } from '../../db/repositories/sources';
import type { LinkRow } from '../../db/repositories/sources';
import type { Handlers } from '../../handlers';
import { listCandidates, resolveChosen } from './allowedFolders';
import { linkLocalFile, relinkLocalFile } from './link';
import type { LinkOptions, LinkResult } from './link';
import { openDatasetSource } from './open';

const infoOf = (l: LinkRow) => ({
  datasetId: l.datasetId,
  kind: l.sourceKind,
  format: l.format,
  location: l.location,
  convertedFrom: l.convertedFrom,
  rows: l.rowCount,
  fingerprint: l.fingerprint,
  linkedAt: l.linkedAt,
  checkedAt: l.checkedAt,
});

/** source-* methods: link a local file (as a job with progress and cancel), re-link, and what a dataset is linked to. */
export function sourceHandlers(ctx: ServiceContext): Handlers<keyof typeof sourceMethods> {
  const asJob = async (what: string, signal: AbortSignal | undefined, run: (o: LinkOptions) => Promise<LinkResult>) => {
    const j = ctx.jobs.start(ctx.newId(), 'link', signal);
    try {
      const r = await run({ signal: j.signal, onProgress: (phase, pct) => j.progress(pct === null ? 0 : Math.round(pct), 100, `${what}: ${phase}`) });
      j.finish(true, `${r.rows} rows`);
      return r;
    } catch (e) {
      j.finish(false, e instanceof Error ? e.message : String(e));
      throw e;
    }
  };
  return {
    'source-link': (input, call) => asJob('Linking', call?.signal, (o) => linkLocalFile(ctx, input, o)),
    'source-link-candidates': () => listCandidates(ctx.dataDir),
    'source-link-chosen': (input, call) => {
      const file = resolveChosen(ctx.dataDir, input.folder, input.relative);
      return asJob('Linking', call?.signal, (o) => linkLocalFile(ctx, { eventId: input.eventId, path: file, name: input.name, convertParquet: input.convertParquet }, o));
    },
    'source-relink': (input, call) => asJob('Re-linking', call?.signal, (o) => relinkLocalFile(ctx, input.datasetId, input.path, o)),
    'source-info': async ({ id }) => {
      const l = findLink(ctx.db, id);
      if (!l) throw new AppError('NOT_FOUND', 'This dataset is imported, not linked.');
      try {
        const o = await openDatasetSource(ctx, id);
        await o.source.close();
        return { ...infoOf(findLink(ctx.db, id)!), changed: false, message: null };
      } catch (e) {
        if (e instanceof AppError) return { ...infoOf(l), changed: true, message: e.message };
        throw e;
      }
    },
    'source-list': ({ eventId }) => linksOfEvent(ctx.db, eventId).map(infoOf),
  };
}
