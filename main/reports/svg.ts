/**
 * Charts come from the pure SVG renderers in common/domain. Before an SVG goes into a report it is checked:
 * no scripts, no event handlers, no foreignObject and no link that leaves the document, so a report can never
 * run code or fetch anything. An SVG that fails the check is replaced by its text alternative.
 */
const UNSAFE = [/<script/i, /<foreignObject/i, /\son[a-z]+\s*=/i, /(?:xlink:)?href\s*=\s*["'](?!#)/i, /url\(\s*["']?(?!#)/i, /<!ENTITY/i];

export function isSafeSvg(svg: string): boolean {
  const body = stripNamespaces(bareSvg(svg));
  return body.startsWith('<svg') && !UNSAFE.some((re) => re.test(body)) && !/https?:/i.test(body);
}

/** The <svg> element alone: without an XML declaration, doctype or comments before it. */
export function bareSvg(svg: string): string {
  return svg.replace(/^\s*(?:<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--[\s\S]*?-->\s*)*/i, '');
}

/** Removes the XML namespace declarations, which HTML5 does not need inline (and which look like URLs). */
export function stripNamespaces(svg: string): string {
  return bareSvg(svg).replace(/\sxmlns(?::[a-z]+)?="[^"]*"/gi, '');
}

/** Ensures a standalone .svg file carries its namespace so viewers open it. */
export function standaloneSvg(svg: string): string {
  const bare = stripNamespaces(svg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${bare.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"')}`;
}

/** Width and height from the SVG's attributes or viewBox (for rasterising), defaulting to 960×540. */
export function svgSize(svg: string): { width: number; height: number } {
  const attr = (name: string) => Number(new RegExp(`<svg[^>]*\\s${name}="([0-9.]+)`, 'i').exec(svg)?.[1] ?? NaN);
  const vb = /viewBox="[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+)[ ,]+([0-9.]+)"/i.exec(svg);
  const width = attr('width') || Number(vb?.[1]) || 960;
  const height = attr('height') || Number(vb?.[2]) || 540;
  return { width: Math.ceil(width), height: Math.ceil(height) };
}
