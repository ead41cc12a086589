import { AppError } from '../../common/contract/errors';
import type { ReportFormat } from '../../common/contract/schemas/reports';
import { renderA3Html } from './a3/a3Html';
import { readA3Figures } from './a3/a3Figures';
import { buildReportModel, throwIfCancelled } from './buildModel';
import { fileStem } from '../../common/domain/text/fileStem';
import { tableToCsv } from './formats/csv';
import { tablesToXlsx } from './formats/xlsx';
import { readStylesheet } from './html/document';
import { renderReportHtml } from './html/reportHtml';
import { renderReviewHtml } from './review/reviewHtml';
import { readReviewReport } from './review/reviewModel';
import { modelCharts, modelTables } from './model';
import type { ReportModel } from './model';
import type { ReportReader } from './sections/types';
import { standaloneSvg, stripNamespaces, svgSize } from './svg';

export type ExportFile = Readonly<{ name: string; mimeType: string; data: Buffer }>;

export type ProduceDeps = Readonly<{
  read: ReportReader;
  resourcesDir: string;
  appVersion: string;
  nowIso: () => string;
  printToPdf: (html: string, signal: AbortSignal) => Promise<Buffer>;
  svgToPng: (svg: string, size: { width: number; height: number }, signal: AbortSignal) => Promise<Buffer>;
  progress: (done: number, total: number, message: string) => void;
  signal: AbortSignal;
}>;

export type ProduceRequest = Readonly<{ eventId: string; format: ReportFormat; sections: readonly string[] | null; bom: boolean; reviewResultId?: string }>;

const MIME = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
} as const;

/** Formats written as several files into a folder; the others are one file. */
export const MULTI_FILE_FORMATS: readonly ReportFormat[] = ['csv', 'svg', 'png'];

async function fullModel(deps: ProduceDeps, req: ProduceRequest, steps: number): Promise<ReportModel> {
  return buildReportModel(deps.read, req.eventId, {
    sections: req.sections,
    generatedAt: deps.nowIso(),
    appVersion: deps.appVersion,
    signal: deps.signal,
    onSection: (done, total, title) => deps.progress(done, total + steps, `Reading ${title}`),
  });
}

async function a3Files(deps: ProduceDeps, req: ProduceRequest, pdf: boolean): Promise<ExportFile[]> {
  deps.progress(0, pdf ? 3 : 2, 'Reading the A3');
  const [event, draft, team] = await Promise.all([
    deps.read('event-get', { id: req.eventId }),
    deps.read('report-a3-get', { eventId: req.eventId }),
    deps.read('team-list', { eventId: req.eventId }),
  ]);
  const figures = await readA3Figures(deps.read, event);
  throwIfCancelled(deps.signal);
  deps.progress(1, pdf ? 3 : 2, 'Laying out the A3');
  const html = renderA3Html(event, draft, readStylesheet(deps.resourcesDir, 'a3.css'), {
    generatedAt: deps.nowIso(),
    appVersion: deps.appVersion,
    team: team.members.map((m) => m.name),
  }, figures);
  const stem = `${fileStem(event.name)}-A3`;
  if (!pdf) return [{ name: `${stem}.html`, mimeType: MIME.html, data: Buffer.from(html, 'utf8') }];
  deps.progress(2, 3, 'Printing the A3 to PDF');
  return [{ name: `${stem}.pdf`, mimeType: MIME.pdf, data: await deps.printToPdf(html, deps.signal) }];
}

/** The review report of one stored review result (HTML, or PDF printed from it). */
async function reviewFiles(deps: ProduceDeps, req: ProduceRequest, pdf: boolean): Promise<ExportFile[]> {
  deps.progress(0, pdf ? 3 : 2, 'Reading the review');
  const data = await readReviewReport(deps.read, req.eventId, req.reviewResultId, { generatedAt: deps.nowIso(), appVersion: deps.appVersion });
  throwIfCancelled(deps.signal);
  deps.progress(1, pdf ? 3 : 2, 'Laying out the review report');
  const html = renderReviewHtml(data, readStylesheet(deps.resourcesDir, 'report.css'));
  const stem = `${fileStem(data.event.name)}-${fileStem(data.review.title, 'review')}-${data.result.createdAt.slice(0, 10)}`;
  if (!pdf) return [{ name: `${stem}.html`, mimeType: MIME.html, data: Buffer.from(html, 'utf8') }];
  deps.progress(2, 3, 'Printing the review report to PDF');
  return [{ name: `${stem}.pdf`, mimeType: MIME.pdf, data: await deps.printToPdf(html, deps.signal) }];
}

/**
 * Produces the files of one export in memory (nothing touches the disk here): the report model is read
 * through the contract, then rendered to the requested format. Progress is reported per step; the signal
 * cancels between steps and kills a running Chromium.
 */
export async function produceExport(deps: ProduceDeps, req: ProduceRequest): Promise<ExportFile[]> {
  if (req.format === 'a3-html' || req.format === 'a3-pdf') return a3Files(deps, req, req.format === 'a3-pdf');
  if (req.format === 'review-html' || req.format === 'review-pdf') return reviewFiles(deps, req, req.format === 'review-pdf');
  const steps = req.format === 'pdf' ? 2 : 1;
  const model = await fullModel(deps, req, steps);
  throwIfCancelled(deps.signal);
  const stem = fileStem(model.event.name);
  const n = model.sections.length;
  switch (req.format) {
    case 'html':
    case 'pdf': {
      deps.progress(n, n + steps, 'Laying out the report');
      const html = renderReportHtml(model, readStylesheet(deps.resourcesDir, 'report.css'));
      if (req.format === 'html') return [{ name: `${stem}.html`, mimeType: MIME.html, data: Buffer.from(html, 'utf8') }];
      deps.progress(n + 1, n + steps, 'Printing to PDF');
      return [{ name: `${stem}.pdf`, mimeType: MIME.pdf, data: await deps.printToPdf(html, deps.signal) }];
    }
    case 'xlsx': {
      deps.progress(n, n + 1, 'Writing the workbook');
      const about: Array<[string, string]> = [
        ['Event', model.event.name],
        ['Event id', model.event.id],
        ['Generated at', model.generatedAt],
        ['Kaizen Studio', model.appVersion],
        ['Sections', model.sections.map((s) => s.title).join(', ')],
      ];
      return [{ name: `${stem}.xlsx`, mimeType: MIME.xlsx, data: await tablesToXlsx(modelTables(model), about) }];
    }
    case 'csv': {
      const tables = modelTables(model);
      if (tables.length === 0) throw new AppError('BAD_INPUT', 'The chosen sections contain no tables to export as CSV.');
      return tables.map((t) => ({ name: `${stem}-${t.id}.csv`, mimeType: MIME.csv, data: tableToCsv(t, { bom: req.bom }) }));
    }
    case 'svg':
    case 'png': {
      const charts = modelCharts(model);
      if (charts.length === 0) {
        throw new AppError('BAD_INPUT', 'The chosen sections contain no charts yet. Charts come from the KPI, SPC and value-stream sections once they have data.');
      }
      if (req.format === 'svg') return charts.map((c) => ({ name: `${stem}-${c.id}.svg`, mimeType: MIME.svg, data: Buffer.from(standaloneSvg(c.svg), 'utf8') }));
      const files: ExportFile[] = [];
      for (const [i, c] of charts.entries()) {
        throwIfCancelled(deps.signal);
        deps.progress(n + i, n + charts.length, `Rendering ${c.title}`);
        files.push({ name: `${stem}-${c.id}.png`, mimeType: MIME.png, data: await deps.svgToPng(stripNamespaces(c.svg), svgSize(c.svg), deps.signal) });
      }
      return files;
    }
  }
}
