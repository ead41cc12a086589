import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded on first use: requiring it takes about 0.35 s, which every import thread (CSV, JSON)
 * and the app's start would otherwise pay. Only an XLSX import or export loads it.
 */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
