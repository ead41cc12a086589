import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../../common/domain/vsm/renderSvg';

const EXPORT_WIDTH = 1400;

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from the map name: letters, digits and dashes only. */
export function exportName(map: VsmMap, ext: string): string {
  const base = map.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'value-stream-map';
  return `${base}.${ext}`;
}

/** Downloads the map with its metrics as a standalone SVG (the same renderVsmSvg reports use). */
export function exportSvg(map: VsmMap, metrics: VsmMetrics): void {
  download(new Blob([renderVsmSvg(map, metrics, { width: EXPORT_WIDTH })], { type: 'image/svg+xml' }), exportName(map, 'svg'));
}

/** Draws the SVG onto a canvas at 2× for a sharp PNG (projector slides, chat), then downloads it. */
export async function exportPng(map: VsmMap, metrics: VsmMetrics): Promise<void> {
  const svg = renderVsmSvg(map, metrics, { width: EXPORT_WIDTH });
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The map could not be drawn as an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('This browser cannot draw to a canvas.');
    g.scale(2, 2);
    g.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (!blob) throw new Error('The PNG could not be created.');
    download(blob, exportName(map, 'png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
