import { createElement } from 'react';
import type { ReactNode } from 'react';
import type { SvgNode } from '../../../../common/domain/vsm/svgNode';

const camel = (k: string) => (k === 'class' ? 'className' : k.startsWith('aria-') || k.startsWith('data-') ? k : k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));

/**
 * Renders the scene tree built by common/domain/vsm as React elements. Text goes in as children, so
 * React escapes it; `stageProps` adds focus and labels to stage groups for keyboard use.
 */
export function renderNode(n: SvgNode, key: string | number, stageProps?: (stageId: string) => Record<string, unknown>): ReactNode {
  const props: Record<string, unknown> = { key };
  for (const [k, v] of Object.entries(n.attrs)) props[camel(k)] = v;
  const sid = n.attrs['data-stage-id'];
  if (typeof sid === 'string' && stageProps) Object.assign(props, stageProps(sid));
  if (n.text !== undefined) return createElement(n.tag, props, n.text);
  return createElement(n.tag, props, ...(n.children ?? []).map((c, i) => renderNode(c, i, stageProps)));
}
