import { describe, expect, it } from 'vitest';
import { describeFishbone, fishboneRows, renderFishboneSvg, wrapText } from './fishboneSvg';
import { escapeMarkup } from '../text/escape';
import { buildWhyTree, whyDepth } from './whysTree';

const fish = {
  effect: 'p95 latency of the fraud-scoring API is 900 ms',
  categories: [
    { name: 'Data', causes: [{ id: 'c1', parentId: null, text: 'Feature lookups one by one' }, { id: 'c2', parentId: 'c1', text: 'No batch API in the store' }] },
    { name: 'Model', causes: [] },
    { name: '<b>People</b>', causes: [{ id: 'c3', parentId: null, text: 'On-call "hero" culture & <script>x</script>' }] },
  ],
};

describe('renderFishboneSvg', () => {
  it('draws the effect, every category and every cause and sub-cause as text', () => {
    const svg = renderFishboneSvg(fish, { title: 'Fishbone' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>Data</text>');
    expect(svg).toContain('>Model</text>');
    expect(svg).toContain('>Feature lookups one by one</tspan>');
    expect(svg).toContain('>No batch API in the store</tspan>');
    expect(svg).toContain('p95 latency of the');
    expect(svg.match(/class="fishbone-category"/g)).toHaveLength(3);
    // sub-causes are drawn smaller and in italics, under their cause
    expect(svg).toMatch(/font-size="14" text-anchor="end" font-style="italic"[^>]*><title>No batch API/);
  });

  it('wraps a long cause onto two lines instead of cutting it short', () => {
    const long = 'Feature store has no batch read in the v3 client so every request makes forty calls';
    const svg = renderFishboneSvg({ effect: 'e', categories: [{ name: 'Data', causes: [{ id: 'a', parentId: null, text: long }] }, { name: 'Model', causes: [] }, { name: 'People', causes: [] }] });
    const text = /<text[^>]*><title>Feature store[^<]*<\/title>(.*?)<\/text>/.exec(svg)![1]!;
    const lines = [...text.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]);
    expect(lines).toHaveLength(2);
    expect(lines.join(' ').replace('…', '')).toContain('Feature store has no batch read');
  });

  it('escapes markup in names and causes so the SVG stays well-formed and inert', () => {
    const svg = renderFishboneSvg(fish);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;People&lt;/b&gt;');
    expect(svg).toContain('&quot;hero&quot; culture &amp; &lt;script&gt;');
  });

  it('grows taller when a category has many causes', () => {
    const many = { effect: 'e', categories: [{ name: 'Data', causes: Array.from({ length: 12 }, (_, i) => ({ id: `x${i}`, parentId: null, text: `cause ${i}` })) }] };
    const h = (s: string) => Number(/height="(\d+(?:\.\d+)?)"/.exec(s)![1]);
    expect(h(renderFishboneSvg(many))).toBeGreaterThan(h(renderFishboneSvg(fish)) + 200);
  });

  it('orders rows cause then its sub-causes and describes the diagram in text', () => {
    expect(fishboneRows(fish.categories[0]!.causes)).toEqual([
      { text: 'Feature lookups one by one', level: 1 },
      { text: 'No batch API in the store', level: 2 },
    ]);
    expect(describeFishbone(fish)).toContain('Data: 1 causes\n  - Feature lookups one by one\n      - No batch API in the store');
    expect(describeFishbone(fish)).toContain('Model: no causes yet');
  });

  it('wraps and truncates long text and escapes the five XML characters', () => {
    expect(wrapText('one two three four five six', 9, 2)).toEqual(['one two', 'three fo…']);
    expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('buildWhyTree', () => {
  it('nests branching answers with their depth and keeps orphans at the top', () => {
    const nodes = [
      { id: 'a', parentId: null, position: 1 },
      { id: 'b', parentId: 'a', position: 2 },
      { id: 'c', parentId: 'a', position: 3 },
      { id: 'd', parentId: 'c', position: 4 },
      { id: 'e', parentId: 'gone', position: 5 },
    ];
    const tree = buildWhyTree(nodes);
    expect(tree.map((t) => t.node.id)).toEqual(['a', 'e']);
    expect(tree[0]!.children.map((t) => [t.node.id, t.depth])).toEqual([['b', 2], ['c', 2]]);
    expect(tree[0]!.children[1]!.children[0]!.depth).toBe(3);
    expect(whyDepth(tree)).toBe(3);
    expect(whyDepth([])).toBe(0);
  });
});
