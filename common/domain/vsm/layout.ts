/** Geometry of the map drawing: plain numbers, no DOM, so the editor, the export and reports agree. */
export const BOX_W = 148;
export const BOX_H = 102;
export const GAP = 36;
export const BRANCH_GAP = 24;
export const MARGIN = 20;
export const HEADER_H = 78;
export const LOOP_BAND = 22;
export const LADDER_H = 44;
export const ROW_GAP = 12;
export const FOOTER_LINE = 22;

export type Box = Readonly<{ stageId: string; x: number; y: number; w: number; h: number; block: number; branch: number; row: number; col: number }>;
export type Row = Readonly<{ y: number; boxTop: number; height: number; ladderY: number; firstBlock: number; lastBlock: number }>;
export type Layout = Readonly<{ width: number; height: number; columns: number; boxes: readonly Box[]; rows: readonly Row[]; footerY: number }>;
/** The sizes layoutMap works with: the editor and exports use DEFAULT_GEOMETRY, presenter mode its own. */
export type LayoutGeometry = Readonly<{ boxW: number; boxH: number; gap: number; branchGap: number; margin: number; headerH: number; loopBand: number; ladderH: number; rowGap: number; footerLine: number }>;
export const DEFAULT_GEOMETRY: LayoutGeometry = { boxW: BOX_W, boxH: BOX_H, gap: GAP, branchGap: BRANCH_GAP, margin: MARGIN, headerH: HEADER_H, loopBand: LOOP_BAND, ladderH: LADDER_H, rowGap: ROW_GAP, footerLine: FOOTER_LINE };

/**
 * Lays blocks (sequential steps; a block with several ids holds parallel branches stacked vertically)
 * left to right, wrapping into rows so each box keeps its readable size: 15 stages at a 1 000 px wide pane
 * become 3 rows of 5 rather than 15 boxes shrunk to illegibility. `footerLines` reserves room for the
 * metrics text under the map. `g` swaps in other sizes (presenter mode); the default keeps the editor's.
 */
export function layoutMap(blocks: readonly (readonly string[])[], width: number, footerLines = 3, header = true, g: LayoutGeometry = DEFAULT_GEOMETRY): Layout {
  const columns = Math.max(1, Math.floor((width - 2 * g.margin) / (g.gap + g.boxW)));
  const boxes: Box[] = [];
  const rows: Row[] = [];
  let y = g.margin + (header ? g.headerH : 0);
  for (let first = 0; first < blocks.length; first += columns) {
    const slice = blocks.slice(first, first + columns);
    const branches = Math.max(1, ...slice.map((b) => b.length));
    const boxTop = y + g.loopBand;
    const boxesH = branches * g.boxH + (branches - 1) * g.branchGap;
    slice.forEach((ids, c) => {
      const x = g.margin + c * (g.gap + g.boxW) + g.gap;
      const stackH = ids.length * g.boxH + (ids.length - 1) * g.branchGap;
      const top = boxTop + (boxesH - stackH) / 2;
      ids.forEach((id, b) => boxes.push({ stageId: id, x, y: top + b * (g.boxH + g.branchGap), w: g.boxW, h: g.boxH, block: first + c, branch: b, row: rows.length, col: c }));
    });
    const ladderY = boxTop + boxesH + 10;
    const height = g.loopBand + boxesH + 10 + g.ladderH;
    rows.push({ y, boxTop, height, ladderY, firstBlock: first, lastBlock: first + slice.length - 1 });
    y += height + g.rowGap;
  }
  if (rows.length === 0) y += g.loopBand + g.boxH;
  const footerY = y + 4;
  return { width, height: footerLines ? footerY + footerLines * g.footerLine + g.margin : footerY + g.margin - g.rowGap, columns, boxes, rows, footerY };
}

/** The block index a point falls in (for drag-and-drop reordering); clamps to the ends. */
export function blockAt(layout: Layout, x: number, y: number): number {
  if (layout.rows.length === 0) return 0;
  let row = layout.rows.findIndex((r) => y < r.y + r.height + ROW_GAP / 2);
  if (row < 0) row = layout.rows.length - 1;
  const r = layout.rows[row]!;
  const col = Math.max(0, Math.floor((x - MARGIN) / (GAP + BOX_W)));
  return Math.min(r.firstBlock + Math.min(col, layout.columns - 1), r.lastBlock);
}

/** Drawing width that holds exactly `columns` blocks per row. */
export function widthForColumns(columns: number): number {
  return 2 * MARGIN + columns * (GAP + BOX_W);
}

/**
 * The number of blocks per row that lets the whole map fit a `viewW` × `viewH` pane at the largest
 * scale (never above 1): a wide pane gets long rows, a tall one more rows. Returns columns and that scale.
 */
export function bestColumns(blocks: readonly (readonly string[])[], viewW: number, viewH: number): { columns: number; scale: number } {
  let best = { columns: 1, scale: 0 };
  for (let c = 1; c <= Math.max(1, blocks.length); c++) {
    const w = widthForColumns(c);
    const l = layoutMap(blocks, w, 0, false);
    const scale = Math.min(1, viewW / w, viewH / l.height);
    if (scale > best.scale + 1e-9) best = { columns: c, scale };
  }
  return best;
}
