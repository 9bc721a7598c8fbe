/**
 * CSV (RFC 4180) that a spreadsheet opens without running anything: a cell starting with = + - @, a tab or a
 * carriage return is a formula to Excel/LibreOffice/WPS (OWASP "CSV injection"), so it gets a leading single quote.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A number is data, never a formula: −1200 stays a number the spreadsheet can sum.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',');
}

/** Header plus rows, CRLF line ends, with a UTF-8 byte-order mark so Excel reads Chinese text. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + [csvRow(header), ...rows.map(csvRow)].join('\r\n') + '\r\n';
}
