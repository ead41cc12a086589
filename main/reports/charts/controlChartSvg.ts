import type { SpcPanelOut } from '../../../common/contract/schemas/spc';
import { escapeMarkup as esc } from '../../../common/domain/text/escape';

/**
 * A control-chart panel as standalone vector SVG for reports: points joined in order, center line and
 * UCL/LCL per stage (step lines, labelled with their values), stage boundaries, and every signal marked in
 * red with its test number. Pure string output from the SPC engine's numbers; all text escaped.
 */
export type ControlChartOptions = Readonly<{ title: string; unit: string; width?: number; height?: number }>;

const C = { ink: '#1b1f24', muted: '#57606a', grid: '#d0d7de', line: '#0072b2', cl: '#009e73', limit: '#d55e00', signal: '#c00000', stage: '#8c959f' };
const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

/** Rounds for axis and limit labels: 3 significant digits, no exponent for everyday magnitudes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
}

function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

export function renderControlChartSvg(panel: SpcPanelOut, opts: ControlChartOptions): string {
  const W = opts.width ?? 960;
  const H = opts.height ?? 380;
  const m = { top: 46, right: 92, bottom: 76, left: 78 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const pts = panel.points;
  const values = [...pts.map((p) => p.value), ...panel.stages.flatMap((s) => [s.center, s.ucl, s.lcl].filter((v): v is number => v !== null))];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  lo -= pad;
  hi += pad;
  const n = Math.max(pts.length, 2);
  const x = (i: number) => m.left + (pw * (i - 1)) / (n - 1);
  const y = (v: number) => m.top + ph - (ph * (v - lo)) / (hi - lo);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}" role="img">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" font-size="17" font-weight="700" text-anchor="middle" fill="${C.ink}">${esc(opts.title)}</text>`,
  ];
  for (const t of niceTicks(lo, hi)) {
    parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${C.grid}" stroke-width="1"/>`);
    parts.push(`<text x="${m.left - 8}" y="${(y(t) + 4).toFixed(1)}" font-size="12" text-anchor="end" fill="${C.muted}">${esc(fmt(t))}</text>`);
  }
  const xStep = Math.max(1, Math.ceil(pts.length / 12));
  for (const p of pts.filter((q) => (q.index - 1) % xStep === 0)) {
    parts.push(`<text x="${x(p.index).toFixed(1)}" y="${m.top + ph + 18}" font-size="11" text-anchor="middle" fill="${C.muted}">${esc(p.subgroup.slice(0, 12))}</text>`);
  }
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}" stroke="${C.ink}"/>`);
  parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="${C.ink}"/>`);
  parts.push(`<text x="${m.left + pw / 2}" y="${H - 36}" font-size="13" text-anchor="middle" fill="${C.ink}">Subgroup (time order)</text>`);
  parts.push(`<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" font-size="13" text-anchor="middle" fill="${C.ink}">${esc(panel.statistic.toUpperCase())}${opts.unit ? ` (${esc(opts.unit)})` : ''}</text>`);
  const half = pw / (n - 1) / 2;
  for (const s of panel.stages) {
    const x0 = Math.max(m.left, x(s.from) - half);
    const x1 = Math.min(m.left + pw, x(s.to) + half);
    if (s.from > 1) parts.push(`<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="${C.stage}" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${((x0 + x1) / 2).toFixed(1)}" y="${m.top - 6}" font-size="12" text-anchor="middle" fill="${C.muted}">${esc(s.name)}</text>`);
    const last = s === panel.stages[panel.stages.length - 1];
    const line = (v: number | null, color: string, dash: string, label: string) => {
      if (v === null) return;
      parts.push(`<line x1="${x0.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${color}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
      if (last) parts.push(`<text x="${m.left + pw + 6}" y="${(y(v) + 4).toFixed(1)}" font-size="12" fill="${color}">${label} ${esc(fmt(v))}</text>`);
    };
    line(s.ucl, C.limit, '6 4', 'UCL');
    line(s.center, C.cl, '', 'CL');
    line(s.lcl, C.limit, '6 4', 'LCL');
  }
  if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${C.line}" stroke-width="1.5" points="${pts.map((p) => `${x(p.index).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`);
  for (const p of pts) {
    const sig = p.tests.length > 0;
    parts.push(`<circle cx="${x(p.index).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="${sig ? 4.5 : 3}" fill="${sig ? C.signal : C.line}"/>`);
    if (sig) parts.push(`<text x="${x(p.index).toFixed(1)}" y="${(y(p.value) - 8).toFixed(1)}" font-size="11" font-weight="700" text-anchor="middle" fill="${C.signal}">${p.tests.join(',')}</text>`);
  }
  const ly = H - 14;
  parts.push(`<circle cx="${m.left}" cy="${ly}" r="4" fill="${C.line}"/><text x="${m.left + 8}" y="${ly + 4}" font-size="11" fill="${C.ink}">value</text>`);
  parts.push(`<circle cx="${m.left + 60}" cy="${ly}" r="4.5" fill="${C.signal}"/><text x="${m.left + 68}" y="${ly + 4}" font-size="11" fill="${C.ink}">signal (test no.)</text>`);
  parts.push(`<line x1="${m.left + 180}" x2="${m.left + 204}" y1="${ly}" y2="${ly}" stroke="${C.cl}" stroke-width="1.5"/><text x="${m.left + 208}" y="${ly + 4}" font-size="11" fill="${C.ink}">center line</text>`);
  parts.push(`<line x1="${m.left + 290}" x2="${m.left + 314}" y1="${ly}" y2="${ly}" stroke="${C.limit}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${m.left + 318}" y="${ly + 4}" font-size="11" fill="${C.ink}">control limits</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
