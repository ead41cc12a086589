import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../helpers/importGraph';

const repo = path.resolve(__dirname, '..', '..');

describe('import graph', () => {
  it('has no import circles in main/, common/, preload/ and renderer/src', () => {
    const cycles = importCycles(importGraph(repo, ['main', 'common', 'preload', 'renderer/src']));
    expect(cycles.map((c) => `${c.length} modules: ${c.join(' → ')}`)).toEqual([]);
  });

  it('finds a planted circle (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
