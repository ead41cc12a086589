import type { WhyChain } from '../../../common/contract/schemas/rootcause';
import { describeFishbone, renderFishboneSvg } from '../../../common/domain/rootcause/fishboneSvg';
import { buildWhyTree } from '../../../common/domain/rootcause/whysTree';
import type { WhyTreeNode } from '../../../common/domain/rootcause/whysTree';
import type { Block } from '../model';
import type { SectionBuilder } from './types';

/** A 5 Whys chain as an indented outline: "Why 1: …", "  Why 2: …", root causes marked. */
export function whysOutline(chain: WhyChain): string {
  const lines: string[] = [];
  const walk = (nodes: readonly WhyTreeNode<WhyChain['nodes'][number]>[]) => {
    for (const n of nodes) {
      lines.push(`Why ${n.depth}: ${n.node.text}${n.node.isRootCause ? '  ← root cause' : ''}`);
      walk(n.children);
    }
  };
  walk(buildWhyTree(chain.nodes));
  return lines.join('\n');
}

/** Root-cause analysis: every 5 Whys chain, and the fishbone diagram as vector SVG with its outline. */
export const rootCauseSection: SectionBuilder = {
  id: 'root-cause',
  title: 'Root-cause analysis',
  description: '5 Whys chains with the root causes marked, and the fishbone (Ishikawa) diagram.',
  charts: true,
  requires: ['whys-list', 'fishbone-get'],
  build: async (read, event) => {
    const [chains, fishbone] = await Promise.all([read('whys-list', { eventId: event.id }), read('fishbone-get', { eventId: event.id })]);
    const blocks: Block[] = [{ kind: 'subheading', text: '5 Whys' }];
    if (chains.length === 0) blocks.push({ kind: 'text', text: 'No 5 Whys chain was recorded.' });
    for (const c of chains) {
      blocks.push({ kind: 'text', title: `Problem: ${c.problem}`, text: whysOutline(c) || 'No answers yet.' });
    }
    const causes = fishbone.categories.reduce((n, c) => n + c.causes.length, 0);
    blocks.push({ kind: 'subheading', text: 'Fishbone diagram' });
    if (causes === 0) {
      blocks.push({ kind: 'text', text: 'No causes were placed on the fishbone.' });
    } else {
      blocks.push({
        kind: 'chart',
        chart: { id: 'fishbone', title: 'Fishbone diagram', svg: renderFishboneSvg(fishbone, { width: 1100, title: 'Fishbone diagram' }), alt: describeFishbone(fishbone).replace(/\n\s*/g, '; ') },
      });
    }
    return { id: 'root-cause', title: 'Root-cause analysis', blocks };
  },
};
