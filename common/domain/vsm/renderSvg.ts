import { buildVsmScene } from './scene';
import type { SceneMap, SceneOptions } from './scene';
import type { VsmMetrics } from './metrics';
import { serialize } from './svgNode';

/**
 * Renders a map and its metrics to a standalone SVG document (no stylesheet, no scripts, user text
 * escaped). Used by the editor's SVG/PNG export and by reports.
 */
export function renderVsmSvg(map: SceneMap, metrics: VsmMetrics, opts: SceneOptions = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(buildVsmScene(map, metrics, { ...opts, selectedId: null }).root)}`;
}
