/** Characters that make Excel, LibreOffice or Sheets treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a spreadsheet text cell: a value beginning with = + - @ tab or CR gets a leading single quote,
 * so it is shown as text and never evaluated (OWASP "CSV Injection"). Numbers are typed cells and never pass here.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
