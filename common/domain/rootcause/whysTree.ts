/** A 5 Whys answer with its depth: depth 1 answers "why?" about the problem, depth 2 about that answer … */
export type WhyTreeNode<T> = Readonly<{ node: T; depth: number; children: WhyTreeNode<T>[] }>;

/**
 * Builds the branching tree of a 5 Whys chain from flat nodes (ordered by position). Nodes whose parent
 * is missing are kept as top-level answers rather than dropped, so nothing typed is ever hidden.
 */
export function buildWhyTree<T extends { id: string; parentId: string | null; position: number }>(nodes: readonly T[]): WhyTreeNode<T>[] {
  const ids = new Set(nodes.map((n) => n.id));
  const byParent = new Map<string | null, T[]>();
  for (const n of nodes) {
    const key = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), n]);
  }
  const build = (parent: string | null, depth: number, seen: Set<string>): WhyTreeNode<T>[] =>
    (byParent.get(parent) ?? [])
      .filter((n) => !seen.has(n.id))
      .sort((a, b) => a.position - b.position)
      .map((n) => ({ node: n, depth, children: build(n.id, depth + 1, new Set([...seen, n.id])) }));
  return build(null, 1, new Set());
}

/** The deepest "why" reached in a chain (0 when no answers yet); 5 is the classic target, not a limit. */
export function whyDepth<T>(tree: readonly WhyTreeNode<T>[]): number {
  return tree.reduce((m, t) => Math.max(m, t.depth, whyDepth(t.children)), 0);
}
