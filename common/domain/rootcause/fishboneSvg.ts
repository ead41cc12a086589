import { escapeMarkup } from '../text/escape';
/**
 * Ishikawa (fishbone) diagram as a standalone SVG string: a pure function of the data, so the app, the
 * PNG export and reports draw exactly the same picture. Layout: the effect sits in a box at the right
 * (the head); categories alternate above and below the spine; each category bone slants into the spine;
 * causes are horizontal ticks on the bone, sub-causes are indented ticks below their cause.
 */
export type FishboneInput = Readonly<{
  effect: string;
  categories: readonly Readonly<{
    name: string;
    causes: readonly Readonly<{ id: string; parentId: string | null; text: string }>[];
  }>[];
}>;

export type FishboneSvgOptions = Readonly<{ width?: number; title?: string }>;

const ROW = 24;
/** Average glyph widths (px) of the sans-serif faces at the sizes used, for layout estimates. */
const CHAR_W = { cause: 8.4, sub: 7.4, head: 11.2 } as const;
const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

/** Shortens long labels with an ellipsis; the full text stays in a <title> tooltip. */
export function truncate(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** Splits text into at most `lines` lines of about `width` characters (words kept whole where possible). */
export function wrapText(s: string, width: number, lines: number): string[] {
  const words = s.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && (cur + ' ' + w).length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    kept[lines - 1] = truncate(`${kept[lines - 1]} ${out.slice(lines).join(' ')}`, width);
    return kept.map((l) => truncate(l, width));
  }
  return out.map((l) => truncate(l, width));
}

type Row = Readonly<{ text: string; level: 1 | 2 }>;

/** Causes in drawing order: each top-level cause followed by its sub-causes. */
export function fishboneRows(causes: FishboneInput['categories'][number]['causes']): Row[] {
  const rows: Row[] = [];
  for (const c of causes.filter((x) => x.parentId === null)) {
    rows.push({ text: c.text, level: 1 });
    for (const s of causes.filter((x) => x.parentId === c.id)) rows.push({ text: s.text, level: 2 });
  }
  return rows;
}

/** Renders the fishbone as an SVG document string (all user text escaped). */
export function renderFishboneSvg(input: FishboneInput, opts: FishboneSvgOptions = {}): string {
  const width = Math.max(640, opts.width ?? 1200);
  const cats = input.categories;
  const columns = Math.max(1, Math.ceil(cats.length / 2));
  const headW = Math.min(260, width * 0.22);
  // A fixed horizontal run for the slanted bones keeps the layout independent of how tall it gets.
  const slant = 90;
  const spineX0 = slant + 10;
  const spineX1 = width - headW - 24;
  const colW = (spineX1 - spineX0) / columns;
  // Labels run left from their bone and may use a column's width; long ones wrap to two lines.
  const chars = { 1: Math.max(12, Math.floor((colW - 30) / CHAR_W.cause)), 2: Math.max(10, Math.floor((colW - 54) / CHAR_W.sub)) } as const;
  const rowsPer = cats.map((c) => fishboneRows(c.causes).map((r) => ({ ...r, lines: wrapText(r.text, chars[r.level], 2) })));
  const slotsPer = rowsPer.map((rows) => rows.reduce((n, r) => n + r.lines.length, 0));
  const maxSlots = Math.max(2, ...slotsPer);
  const bone = (maxSlots + 1) * ROW;
  const titleH = opts.title ? 40 : 0;
  const labelH = 34;
  // The effect is never cut: every line of it is drawn, and the drawing grows to hold the head box.
  const effectChars = Math.floor((headW - 20) / CHAR_W.head);
  // A word longer than the box (a URL, an id) is split rather than cut off.
  const effectText = (input.effect || 'Effect (the problem)').split(/\s+/).flatMap((w) => w.match(new RegExp(`.{1,${effectChars}}`, 'gu')) ?? []).join(' ');
  const effectLines = wrapText(effectText, effectChars, 1000);
  const headH = Math.max(60, effectLines.length * 22 + 20);
  const spineY = Math.max(titleH + labelH + bone + 10, titleH + headH / 2 + 10);
  const height = Math.max(spineY + bone + labelH + 20, spineY + headH / 2 + 10);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" role="img">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  if (opts.title) parts.push(`<text x="${width / 2}" y="28" font-size="20" font-weight="700" text-anchor="middle" fill="#111">${escapeMarkup(opts.title)}</text>`);
  parts.push(`<line x1="${spineX0 - slant + 20}" y1="${spineY}" x2="${spineX1}" y2="${spineY}" stroke="#0072B2" stroke-width="4"/>`);
  parts.push(`<polygon points="${spineX1},${spineY - 10} ${spineX1 + 14},${spineY} ${spineX1},${spineY + 10}" fill="#0072B2"/>`);
  const headX = spineX1 + 18;
  parts.push(`<rect x="${headX}" y="${spineY - headH / 2}" width="${headW}" height="${headH}" rx="8" fill="#FFF4D6" stroke="#E69F00" stroke-width="2"/>`);
  effectLines.forEach((l, i) => {
    const y = spineY - headH / 2 + 26 + i * 22;
    parts.push(`<text x="${headX + 10}" y="${y}" font-size="18" font-weight="700" fill="#111">${escapeMarkup(l)}</text>`);
  });
  cats.forEach((cat, i) => {
    const top = i % 2 === 0;
    const col = Math.floor(i / 2);
    const joinX = spineX0 + (col + 1) * colW - 12;
    const endX = joinX - slant;
    const endY = top ? spineY - bone : spineY + bone;
    parts.push(`<g class="fishbone-category">`);
    parts.push(`<line x1="${endX}" y1="${endY}" x2="${joinX}" y2="${spineY}" stroke="#333" stroke-width="2.5"/>`);
    const labelY = top ? endY - 12 : endY + 24;
    parts.push(`<text x="${endX}" y="${labelY}" font-size="20" font-weight="700" text-anchor="middle" fill="#0072B2"><title>${escapeMarkup(cat.name)}</title>${escapeMarkup(truncate(cat.name, 24))}</text>`);
    const at = (slot: number) => {
      const t = slot / (maxSlots + 1);
      return { x: endX + t * slant, y: top ? endY + t * bone : endY - t * bone };
    };
    let used = 0;
    for (const row of rowsPer[i]!) {
      const n = row.lines.length;
      // Slots count from the category label towards the spine. Each line sits at its own slot, right-aligned
      // on the bone; the shelf goes under the lowest line (the last one above the spine, the first below it).
      const lineSlots = row.lines.map((_, k) => (top ? used + k + 1 : used + n - k));
      const shelf = at(top ? used + n : used + 1);
      used += n;
      const indent = row.level === 2 ? 24 : 0;
      const longest = Math.max(...row.lines.map((l) => l.length));
      // The tick is a shelf under the whole label, so text and line read as one cause.
      const len = longest * (row.level === 2 ? CHAR_W.sub : CHAR_W.cause) + 8;
      parts.push(`<line x1="${shelf.x - indent - len}" y1="${shelf.y}" x2="${shelf.x - indent}" y2="${shelf.y}" stroke="${row.level === 2 ? '#999' : '#555'}" stroke-width="${row.level === 2 ? 1 : 1.5}"/>`);
      const size = row.level === 2 ? 14 : 16;
      const style = row.level === 2 ? ' font-style="italic" fill="#444"' : ' fill="#111"';
      const tspans = row.lines
        .map((l, k) => {
          const p = at(lineSlots[k]!);
          // Above the spine the bone leans left as the text rises, so keep a wider gap there.
          return `<tspan x="${p.x - indent - (top ? 14 : 6)}" y="${p.y - 5}">${escapeMarkup(l)}</tspan>`;
        })
        .join('');
      parts.push(`<text font-size="${size}" text-anchor="end"${style}><title>${escapeMarkup(row.text)}</title>${tspans}</text>`);
    }
    parts.push(`</g>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** A plain-text outline of the diagram: the text alternative for screen readers and reports. */
export function describeFishbone(input: FishboneInput): string {
  const lines = [`Effect: ${input.effect || '(not stated)'}`];
  for (const cat of input.categories) {
    const rows = fishboneRows(cat.causes);
    lines.push(`${cat.name}: ${rows.length === 0 ? 'no causes yet' : `${rows.filter((r) => r.level === 1).length} causes`}`);
    for (const r of rows) lines.push(`${r.level === 1 ? '  - ' : '      - '}${r.text}`);
  }
  return lines.join('\n');
}
