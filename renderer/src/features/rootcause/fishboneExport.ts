/** Browser-side export of the fishbone: SVG as a file, PNG by drawing the same SVG onto a canvas. */
export { saveSvgFile as saveSvg, saveSvgAsPng as savePng, svgDataUrl } from '../../export/download';

/** A file name from user text: letters, digits and dashes only. */
export function fileSafe(s: string): string {
  return s.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'fishbone';
}
