import { decimate } from './model';
import type { ChartModel, Domain } from './model';
import { buildOverlay } from './overlay';
import { xOf, yOf } from './draw';
import { CUSUM_LEGEND, SERIES_COLORS } from './cusum';
import { escapeMarkup as esc } from '../../../../common/domain/text/escape';


/** `second`: another series on the same axes and limits (a CUSUM's lower sum), drawn in a second colour. */
export type ExportPanel = Readonly<{ model: ChartModel; domain: Domain; axisLabel: string; second?: ChartModel }>;

/** The series as an SVG path: every point when it fits, else min/max per pixel column. */
function seriesPath(m: ChartModel, d: Domain, f: ReturnType<typeof buildOverlay>['frame']): string {
  const count = d.i1 - d.i0;
  if (count <= f.w) {
    let p = '';
    for (let i = d.i0; i < d.i1; i++) p += `${i === d.i0 ? 'M' : 'L'}${xOf(f, d, i).toFixed(1)},${yOf(f, m.values[i]!).toFixed(1)}`;
    return p;
  }
  const dec = decimate(m.values, d, Math.floor(f.w));
  let p = '';
  for (let c = 0; c < dec.used.length; c++) {
    if (!dec.used[c]) continue;
    p += `${p ? 'L' : 'M'}${(f.x + c).toFixed(1)},${yOf(f, dec.first[c]!).toFixed(1)}L${(f.x + c).toFixed(1)},${yOf(f, dec.min[c]!).toFixed(1)}L${(f.x + c).toFixed(1)},${yOf(f, dec.max[c]!).toFixed(1)}L${(f.x + c).toFixed(1)},${yOf(f, dec.last[c]!).toFixed(1)}`;
  }
  return p;
}

/**
 * A standalone SVG of the chart (title, axes with labels and units, limits labelled with values, stages,
 * signals with their test numbers) as a function of the data — used for "Export SVG" and, rasterised,
 * for "Export PNG". User text is escaped.
 */
export function controlChartSvg(title: string, unit: string, panels: readonly ExportPanel[], width = 1200): string {
  const panelH = 340;
  const legend = panels.some((p) => p.second);
  const top = legend ? 68 : 44;
  const height = top + panels.length * panelH + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="14">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="28" font-size="20" font-weight="700" fill="#14181f">${esc(title)}</text>`,
  ];
  if (legend) CUSUM_LEGEND.forEach((l, j) => parts.push(`<text x="${16 + j * 340}" y="54" fill="${l.color}" font-weight="600">${l.marker === 'circle' ? '●' : '■'} ${esc(l.text)}</text>`));
  panels.forEach((p, k) => {
    const o = buildOverlay(p.model, p.domain, width, panelH, unit, p.second);
    const f = o.frame;
    parts.push(`<g transform="translate(0 ${top + k * panelH})">`);
    parts.push(`<rect x="${f.x}" y="${f.y}" width="${f.w}" height="${f.h}" fill="none" stroke="#c9ced6"/>`);
    for (const t of o.yTicks) parts.push(`<text x="${f.x - 8}" y="${t.pos + 4}" text-anchor="end" fill="#4a5361">${esc(t.text)}</text>`);
    for (const t of o.xTicks) parts.push(`<text x="${t.pos}" y="${f.y + f.h + 20}" text-anchor="middle" fill="#4a5361">${esc(t.text)}</text>`);
    parts.push(`<text transform="translate(18 ${f.y + f.h / 2}) rotate(-90)" text-anchor="middle" fill="#14181f">${esc(p.axisLabel)}</text>`);
    parts.push(`<text x="${f.x + f.w / 2}" y="${f.y + f.h + 42}" text-anchor="middle" fill="#14181f">Subgroup (point)</text>`);
    for (const s of o.stages) parts.push(`<line x1="${s.x}" x2="${s.x}" y1="${f.y}" y2="${f.y + f.h}" stroke="#4a5361" stroke-dasharray="4 4"/><text x="${s.x + 4}" y="${f.y + 14}" fill="#4a5361">${esc(s.name)}</text>`);
    for (const l of o.limits) {
      const color = l.kind === 'cl' ? '#009e73' : '#d55e00';
      parts.push(`<path d="${l.path}" fill="none" stroke="${color}" stroke-width="1.5" ${l.kind === 'cl' ? '' : 'stroke-dasharray="6 4"'}/>`);
      parts.push(`<text x="${f.x + f.w + 8}" y="${l.y + 5}" fill="${color}" font-weight="600">${esc(l.label)}</text>`);
    }
    parts.push(`<path d="${seriesPath(p.model, p.domain, f)}" fill="none" stroke="${SERIES_COLORS.first}" stroke-width="1.5"/>`);
    if (p.second) {
      parts.push(`<path d="${seriesPath(p.second, p.domain, f)}" fill="none" stroke="${SERIES_COLORS.second}" stroke-width="1.5" stroke-dasharray="5 2"/>`);
    }
    for (const s of o.signals) parts.push(`<circle cx="${s.x}" cy="${s.y}" r="5" fill="#cc3311"/><text x="${s.x}" y="${s.below ? s.y + 18 : s.y - 9}" text-anchor="middle" fill="#cc3311" font-weight="700">${esc(s.text)}</text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
