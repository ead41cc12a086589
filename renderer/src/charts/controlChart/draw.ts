import { decimate, fractionOf } from './model';
import type { ChartModel, Domain } from './model';

export type Frame = Readonly<{ x: number; y: number; w: number; h: number; yMin: number; yMax: number }>;

const DETAIL_LIMIT_PER_PX = 0.5;

/** The plot's left edge and width in a chart `width` px wide (room for y labels left, limit labels right); the overview strip lines up with it. */
export const PLOT_LEFT = 78;
export function plotWidth(width: number): number {
  return Math.max(50, width - PLOT_LEFT - 150);
}

/**
 * The width a chart asks the server to decimate to: the window width in steps of 100 px (a little more than
 * the plot, so ≤ 2 points per plot pixel; steps, so resizing does not refetch for every pixel).
 */
export function chartRequestWidth(): number {
  return Math.min(8000, Math.max(400, Math.ceil((window.innerWidth || 1200) / 100) * 100));
}

/** A zoomed range in 1-based point numbers, as ControlChart asks for it. */
export type ChartRange = Readonly<{ from: number; to: number }>;

/**
 * Sizes a canvas for the screen's pixel ratio (sharp on HiDPI) and returns its context, scaled so drawing
 * uses CSS pixels, cleared; null when the canvas has no 2D context.
 */
export function prepareCanvas(c: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  c.width = Math.round(width * dpr);
  c.height = Math.round(height * dpr);
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** Pixel x of point i in the domain. */
export function xOf(f: Frame, d: Domain, i: number): number {
  return f.x + fractionOf(d, i) * f.w;
}

export function yOf(f: Frame, v: number): number {
  return f.y + f.h - ((v - f.yMin) / (f.yMax - f.yMin)) * f.h;
}

/**
 * Draws the series on a canvas: every point with a marker when there is room (≤ 1 point per 2 px),
 * otherwise min/max-per-pixel columns. Points flagged by a test are drawn in the signal colour.
 * This is the whole per-frame cost of a chart: ~O(n) arithmetic and O(width) canvas calls.
 */
export function drawSeries(ctx: CanvasRenderingContext2D, m: ChartModel, d: Domain, f: Frame, colors: { line: string; signal: string; marker?: 'circle' | 'square' }): void {
  const count = d.i1 - d.i0;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.x - 6, f.y - 6, f.w + 12, f.h + 12);
  ctx.clip();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = colors.line;
  ctx.fillStyle = colors.line;
  if (count <= f.w * DETAIL_LIMIT_PER_PX) {
    ctx.beginPath();
    for (let i = d.i0; i < d.i1; i++) {
      const x = xOf(f, d, i);
      const y = yOf(f, m.values[i]!);
      if (i === d.i0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    const r = count > 200 ? 2 : 3.5;
    // A second series on the same panel (CUSUM's lower sum) uses squares, so it differs by shape as well as colour.
    const square = colors.marker === 'square';
    for (let i = d.i0; i < d.i1; i++) {
      const flagged = m.tests[i]! !== 0;
      const size = flagged ? r + 1.5 : r;
      ctx.fillStyle = flagged ? colors.signal : colors.line;
      if (square) {
        ctx.fillRect(xOf(f, d, i) - size, yOf(f, m.values[i]!) - size, 2 * size, 2 * size);
        continue;
      }
      ctx.beginPath();
      ctx.arc(xOf(f, d, i), yOf(f, m.values[i]!), size, 0, Math.PI * 2);
      ctx.fill();
    }
  } else {
    const cols = Math.floor(f.w);
    const dec = decimate(m.values, d, cols);
    ctx.beginPath();
    let prevLast = NaN;
    for (let c = 0; c < cols; c++) {
      if (!dec.used[c]) continue;
      const x = f.x + c;
      if (prevLast === prevLast) {
        ctx.moveTo(x - 1, yOf(f, prevLast));
        ctx.lineTo(x, yOf(f, dec.first[c]!));
      }
      ctx.moveTo(x, yOf(f, dec.min[c]!));
      ctx.lineTo(x, yOf(f, dec.max[c]!) - 0.5);
      prevLast = dec.last[c]!;
    }
    ctx.stroke();
    // Signals: one dot per pixel column that holds a flagged point.
    ctx.fillStyle = colors.signal;
    let lastCol = -1;
    for (let i = d.i0; i < d.i1; i++) {
      if (m.tests[i] === 0) continue;
      const c = Math.round(fractionOf(d, i) * (cols - 1));
      if (c === lastCol) continue;
      lastCol = c;
      ctx.fillRect(f.x + c - 2, yOf(f, m.values[i]!) - 2, 4, 4);
    }
  }
  ctx.restore();
}

/** A step path for a per-point line (centre, UCL, LCL), decimated to pixel columns; gaps at NaN and stage starts. */
export function limitPath(arr: Float64Array, m: ChartModel, d: Domain, f: Frame): string {
  const count = d.i1 - d.i0;
  const step = Math.max(1, Math.floor(count / Math.max(1, f.w)));
  const starts = new Set(m.stages.map((s) => s.start));
  let path = '';
  let open = false;
  const half = count > 1 ? f.w / Math.max(1, count - 1) / 2 : 0;
  for (let i = d.i0; i < d.i1; i += step) {
    const v = arr[i]!;
    if (v !== v) {
      open = false;
      continue;
    }
    const x0 = Math.max(f.x, xOf(f, d, i) - (count <= f.w ? half : 0));
    const x1 = Math.min(f.x + f.w, xOf(f, d, Math.min(i + step - 1, d.i1 - 1)) + (count <= f.w ? half : 0));
    const y = yOf(f, v).toFixed(1);
    if (!open || starts.has(i)) path += `M${x0.toFixed(1)},${y}`;
    else path += `L${x0.toFixed(1)},${y}`;
    path += `L${x1.toFixed(1)},${y}`;
    open = true;
  }
  return path;
}
