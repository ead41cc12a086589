import fs from 'node:fs';
import path from 'node:path';
import { escapeMarkup } from '../../../common/domain/text/escape';

/**
 * The report's own Content-Security-Policy: nothing may load or run. Styles are inline, images and fonts only
 * as data: URIs. A report opened from a mail attachment or a shared drive can therefore never reach a network.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

/** Reads a stylesheet from resources/report (the folder ships with the app; no CDN, ever). */
export function readStylesheet(resourcesDir: string, name: 'report.css' | 'a3.css'): string {
  return fs.readFileSync(path.join(resourcesDir, 'report', name), 'utf8');
}

/** One self-contained HTML file: CSP meta, inline CSS, no scripts, no external reference. */
export function htmlDocument(opts: { title: string; css: string; body: string; lang?: string }): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeMarkup(opts.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeMarkup(opts.title)}</title>`,
    `<style>${opts.css.replace(/<\/style/gi, '<\\/style')}</style>`,
    '</head>',
    `<body>${opts.body}</body>`,
    '</html>',
  ].join('\n');
}
