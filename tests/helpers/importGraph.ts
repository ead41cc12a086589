import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...sourceFiles(p));
    } else if (/\.tsx?$/.test(entry.name) && !/\.(test|spec|d)\.tsx?$/.test(entry.name)) out.push(p);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const ext of ['', ...EXTENSIONS]) {
    const f = base + ext;
    if (fs.existsSync(f) && fs.statSync(f).isFile() && /\.tsx?$/.test(f)) return f;
  }
  return null;
}

/**
 * Every relative import (type-only ones too: a circle of types is still a circle of modules to a reader)
 * between the TypeScript sources under `roots`, keyed by path relative to `repo`.
 */
export function importGraph(repo: string, roots: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const root of roots) {
    for (const file of sourceFiles(path.join(repo, root))) {
      const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
      const deps = info.importedFiles
        .map((i) => resolveImport(file, i.fileName))
        .filter((f): f is string => f !== null)
        .map((f) => path.relative(repo, f));
      graph.set(path.relative(repo, file), [...new Set(deps)]);
    }
  }
  return graph;
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
export function importCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}
