import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../../common/domain/vsm/renderSvg';
import { saveSvgAsPng, saveSvgFile } from '../../export/download';

const EXPORT_WIDTH = 1400;

/** A file name from the map name: letters, digits and dashes only. */
export function exportName(map: VsmMap, ext: string): string {
  const base = map.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'value-stream-map';
  return `${base}.${ext}`;
}

/** Downloads the map with its metrics as a standalone SVG (the same renderVsmSvg reports use). */
export function exportSvg(map: VsmMap, metrics: VsmMetrics): void {
  saveSvgFile(renderVsmSvg(map, metrics, { width: EXPORT_WIDTH }), exportName(map, 'svg'));
}

/** Draws the SVG onto a canvas at 2× for a sharp PNG (projector slides, chat), then downloads it. */
export async function exportPng(map: VsmMap, metrics: VsmMetrics): Promise<void> {
  await saveSvgAsPng(renderVsmSvg(map, metrics, { width: EXPORT_WIDTH }), exportName(map, 'png'));
}
