/**
 * A safe file-name stem from user text (an event name → "Cut-p95-latency.pdf"): accents dropped, anything but
 * letters, digits, dot, dash and underscore becomes a dash, no leading or trailing dot or dash (so no "../"),
 * at most 80 characters; `fallback` when nothing is left. Main names report files with it and the renderer
 * names downloads with it, so both give the same name.
 */
export function fileStem(text: string, fallback = 'report'): string {
  const stem = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return stem || fallback;
}
