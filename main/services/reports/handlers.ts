import fs from 'node:fs';
import path from 'node:path';
import { A3_FIELDS, A3Fields } from '../../../common/contract/schemas/reports';
import type { A3Draft, reportMethods } from '../../../common/contract/schemas/reports';
import { AppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/reports';
import { fillA3 } from '../../reports/a3/fillA3';
import { writeFileAtomic } from '../../reports/atomicWrite';
import { chromiumPrintToPdf, chromiumSvgToPng } from '../../reports/pdf/chromium';
import { scratchRoot, sweepScratch } from '../../reports/pdf/scratch';
import { MULTI_FILE_FORMATS, produceExport } from '../../reports/produce';
import type { ExportFile, ProduceRequest } from '../../reports/produce';
import type { ReportRead } from '../../reports/sections/types';
import { createReportReader } from './reader';
import { availableSections } from '../../reports/sections';
import { requireEvent } from '../lookups';

/** Resolves where the export goes: a file whose folder exists, or a folder (created) for multi-file formats. */
function targetPaths(out: string, files: readonly ExportFile[], multi: boolean): string[] {
  const abs = path.resolve(out);
  if (multi) {
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new AppError('BAD_INPUT', `--out "${out}" must be a folder for this format (it writes one file per table or chart).`);
    fs.mkdirSync(abs, { recursive: true });
    return files.map((f) => path.join(abs, f.name));
  }
  const dir = path.dirname(abs);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new AppError('BAD_INPUT', `The folder "${dir}" does not exist; create it or choose another place for the report.`);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new AppError('BAD_INPUT', `"${out}" is a folder; give a file name for the report.`);
  return [abs];
}

/**
 * `reads`: the other areas' handlers a report reads (the composition root passes them); the A3 draft is this
 * area's own. Exports run as jobs of the shared registry, cancelled with 'job-cancel' like every job.
 */
export function reportHandlers(ctx: ServiceContext, reads: Handlers<Exclude<ReportRead, 'report-a3-get'>>): Handlers<keyof typeof reportMethods> {
  const { db, jobs } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'reports' });
  // At start: scratch folders left by a killed export (they hold the report's HTML) go, with their orphaned Chromium.
  sweepScratch(ctx.dataDir);

  const a3Draft = async (eventId: string): Promise<A3Draft> => {
    const event = requireEvent(ctx, eventId);
    const saved = repo.findA3(db, eventId);
    const filled = await fillA3(read, event);
    const edits = saved?.edits ?? {};
    const fields = { ...filled, ...edits };
    return {
      eventId,
      title: event.name,
      fields,
      edited: Object.fromEntries(A3_FIELDS.map((f) => [f, edits[f] !== undefined])) as A3Draft['edited'],
      paper: saved?.paper ?? 'A3',
      updatedAt: saved?.updatedAt ?? null,
    };
  };

  const read = createReportReader({ ...reads, 'report-a3-get': ({ eventId }) => a3Draft(eventId) });

  const run = async (input: ProduceRequest & { jobId?: string }, signal: AbortSignal | undefined): Promise<ExportFile[]> => {
    requireEvent(ctx, input.eventId);
    const jobId = input.jobId ?? ctx.newId();
    if (jobs.isRunning(jobId)) throw new AppError('CONFLICT', `An export with job id "${jobId}" is already running.`);
    const job = jobs.start(jobId, 'report', signal);
    const progress = (done: number, total: number, message: string) => ctx.bus.emit('job-progressed', { jobId, kind: 'report', done, total, message });
    try {
      const files = await produceExport(
        {
          read,
          resourcesDir: ctx.resourcesDir,
          appVersion: ctx.version,
          nowIso: ctx.nowIso,
          // Scratch files (the report's HTML holds names) go under <dataDir>/tmp, swept at the next start.
          printToPdf: (html, s) => (ctx.platform.printToPdf ? ctx.platform.printToPdf(html) : chromiumPrintToPdf(html, { signal: s, tmpRoot: scratchRoot(ctx.dataDir) })),
          svgToPng: (svg, size, s) => chromiumSvgToPng(svg, size, { signal: s, tmpRoot: scratchRoot(ctx.dataDir) }),
          progress,
          signal: job.signal,
        },
        input,
      );
      if (job.signal.aborted) throw new AppError('CANCELLED', 'The export was cancelled; no file was written.');
      job.finish(true, `${files.length} file${files.length === 1 ? '' : 's'} ready`);
      return files;
    } catch (e) {
      job.finish(false, e instanceof Error ? e.message : String(e));
      throw e;
    }
  };

  const request = (i: { eventId: string; format: ProduceRequest['format']; sections?: string[]; bom?: boolean; reviewResultId?: string }): ProduceRequest => {
    const settings = repo.findSettings(db, i.eventId);
    return { eventId: i.eventId, format: i.format, sections: i.sections ?? settings.sections, bom: i.bom ?? settings.bom, reviewResultId: i.reviewResultId };
  };

  return {
    'report-sections': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return {
        available: availableSections().map((s) => ({ id: s.id, title: s.title, description: s.description, charts: s.charts })),
        settings: repo.findSettings(db, eventId),
      };
    },
    'report-settings-update': ({ eventId, patch }) => {
      requireEvent(ctx, eventId);
      const known = new Set(availableSections().map((s) => s.id));
      const unknown = patch.sections?.find((s) => !known.has(s));
      if (unknown) throw new AppError('VALIDATION', `sections: there is no report section "${unknown}" in this build.`);
      const next = { ...repo.findSettings(db, eventId), ...patch };
      if (next.sections) next.sections = [...new Set(next.sections)];
      repo.saveSettings(db, eventId, next, ctx.nowIso());
      changed(eventId);
      return next;
    },
    'report-export': async (input, call) => {
      // A save handle is spent before the work starts: it names one place, for one export.
      const out = input.outHandle !== undefined ? ctx.files.take(input.outHandle, 'save') : input.out!;
      const files = await run({ ...request(input), jobId: input.jobId }, call.signal);
      const targets = targetPaths(out, files, MULTI_FILE_FORMATS.includes(input.format));
      files.forEach((f, i) => writeFileAtomic(targets[i]!, f.data));
      return { files: files.map((f, i) => ({ name: f.name, mimeType: f.mimeType, bytes: f.data.length, path: targets[i]! })) };
    },
    'report-download': async (input, call) => {
      const files = await run({ ...request(input), jobId: input.jobId }, call.signal);
      return { files: files.map((f) => ({ name: f.name, mimeType: f.mimeType, bytes: f.data.length, base64: f.data.toString('base64') })) };
    },
    'report-a3-get': ({ eventId }) => a3Draft(eventId),
    'report-a3-update': async ({ eventId, patch, paper }) => {
      requireEvent(ctx, eventId);
      const saved = repo.findA3(db, eventId);
      const edits = { ...(saved?.edits ?? {}), ...A3Fields.partial().parse(patch ?? {}) };
      repo.saveA3(db, eventId, edits, paper ?? saved?.paper ?? 'A3', ctx.nowIso());
      changed(eventId);
      return a3Draft(eventId);
    },
    'report-a3-reset': async ({ eventId, fields }) => {
      requireEvent(ctx, eventId);
      const saved = repo.findA3(db, eventId);
      const edits = { ...(saved?.edits ?? {}) };
      for (const f of fields ?? A3_FIELDS) delete edits[f];
      repo.saveA3(db, eventId, edits, saved?.paper ?? 'A3', ctx.nowIso());
      changed(eventId);
      return a3Draft(eventId);
    },
  };
}
