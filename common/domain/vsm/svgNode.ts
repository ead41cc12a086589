import { escapeMarkup } from '../text/escape';

/** A tiny SVG element tree: the map is built once as data, then serialised (export) or rendered by React. */
export type SvgNode = Readonly<{ tag: string; attrs: Readonly<Record<string, string | number>>; children?: readonly SvgNode[]; text?: string }>;

export function el(tag: string, attrs: Record<string, string | number | undefined | null> = {}, children?: readonly (SvgNode | null | false)[] | string): SvgNode {
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) clean[k] = v;
  return typeof children === 'string' ? { tag, attrs: clean, text: children } : { tag, attrs: clean, children: (children ?? []).filter((c): c is SvgNode => !!c) };
}

/** Serialises a node tree to an SVG/XML string. */
export function serialize(n: SvgNode): string {
  const attrs = Object.entries(n.attrs)
    .map(([k, v]) => ` ${k}="${escapeMarkup(String(v))}"`)
    .join('');
  if (n.text !== undefined) return `<${n.tag}${attrs}>${escapeMarkup(n.text)}</${n.tag}>`;
  if (!n.children || n.children.length === 0) return `<${n.tag}${attrs}/>`;
  return `<${n.tag}${attrs}>${n.children.map(serialize).join('')}</${n.tag}>`;
}

/** Cuts text to `max` characters with an ellipsis; splits a name over at most two lines at a space. */
export function wrapName(name: string, max = 19): [string, string?] {
  if (name.length <= max) return [name];
  const cut = name.lastIndexOf(' ', max);
  const first = cut > 4 ? name.slice(0, cut) : name.slice(0, max);
  const rest = name.slice(first.length).trim();
  return [first, rest.length > max ? `${rest.slice(0, max - 1)}…` : rest];
}
