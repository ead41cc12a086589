import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded on first use: requiring it takes about 0.35 s, which every import thread (CSV, JSON)
 * and the app's start would otherwise pay. Only an XLSX import or export loads it. The bundles are
 * CommonJS, where a plain require is used (it also loads from Electron's asar archive); unbundled
 * (vitest, ES modules) there is no require and a dynamic import does the same.
 */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  if (typeof require === 'function') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
    return require('exceljs') as typeof ExcelJS;
  }
  return (await import('exceljs')).default;
}
