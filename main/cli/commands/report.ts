import path from 'node:path';
import { REPORT_FORMATS } from '../../../common/contract/schemas/reports';
import type { ReportFormat } from '../../../common/contract/schemas/reports';
import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { UsageError, guarded, parse, printJson, requireFlag } from '../command';

function formatFlag(value: string | undefined): ReportFormat {
  const f = requireFlag(value, '--format');
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got "${f}").`);
  return f as ReportFormat;
}

/** "charter, team" → ['charter', 'team']; an empty list is a mistake, not "no sections". */
function sectionsFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--sections needs at least one section id, e.g. --sections charter,team.');
  return ids;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Export an event report (PDF, HTML, XLSX, CSV, A3, chart SVG/PNG)',
  usage: [
    'kaizen report --event EVENT_ID [--data-dir DIR] --format FORMAT --out PATH [--sections a,b,…] [--bom] [--review RESULT_ID] [--json] [--quiet]',
    '       kaizen report --event EVENT_ID --list-sections',
    '',
    `  --format     ${REPORT_FORMATS.join(' | ')}`,
    '               pdf/html: full report; a3-pdf/a3-html: A3 summary; review-pdf/review-html: one review (--review);',
    '               xlsx: one sheet per table;',
    '               csv, svg, png: one file per table or chart, written into the folder --out',
    '  --sections   comma-separated section ids (default: the event\'s saved choice, else all)',
    '  --bom        CSV: start each file with a UTF-8 byte-order mark (for Excel)',
    '  --review     review-pdf/review-html: the stored review result to report (id from review-list)',
    '  PDF and PNG need a local Chromium or Chrome; set KAIZEN_CHROMIUM to its path if it is not found.',
  ].join('\n'),
  run: (argv, io) =>
    guarded(io, async () => {
      const { values } = parse(argv, {
        'data-dir': { type: 'string' },
        event: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        sections: { type: 'string' },
        bom: { type: 'boolean' },
        review: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        'list-sections': { type: 'boolean' },
      });
      const eventId = requireFlag(values.event, '--event');
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        if (values['list-sections']) {
          const { available } = await invoke(services.dispatch, 'report-sections', { eventId });
          if (values.json) printJson(io, available);
          else for (const s of available) io.out(`${s.id}\t${s.title}\t${s.description}`);
          return 0;
        }
        const format = formatFlag(values.format);
        const out = path.resolve(requireFlag(values.out, '--out'));
        const off = values.quiet
          ? () => undefined
          : services.bus.on((e) => {
              if (e.name === 'job-progressed' && e.payload.kind === 'report') io.err(`[${e.payload.done + 1}/${e.payload.total ?? '?'}] ${e.payload.message ?? ''}`);
            });
        try {
          const result = await invoke(
            services.dispatch,
            'report-export',
            { eventId, format, out, sections: sectionsFlag(values.sections), bom: values.bom, reviewResultId: values.review },
            { signal: controller.signal },
          );
          if (values.json) printJson(io, result);
          else for (const f of result.files) io.out(`${f.path}\t${f.bytes} bytes`);
          return 0;
        } finally {
          off();
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
        services.close();
      }
    }),
};
