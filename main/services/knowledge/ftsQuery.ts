import { AppError } from '../../../common/contract/errors';
import type { SnippetPart } from '../../../common/contract/schemas/knowledge';
import { HIT_CLOSE, HIT_OPEN } from '../../db/repositories/knowledge';

/**
 * Words too common to say two texts are alike (similar countermeasures match on any word, so "the" or "per" —
 * a prefix of "personal" — would pull in unrelated actions). Search ('all') keeps every word the user typed.
 */
const STOP_WORDS = new Set(
  'the and for per with from into onto that this these those are was were has have had not but all any our your their its can will should would could then than when what which who how why out off via use using each more most less very just also only before after about over under again new'.split(' '),
);

/**
 * The user's words as an FTS5 expression that cannot be a syntax error: each run of letters and digits becomes a
 * quoted string with a prefix star ("retrain"* matches retraining), so FTS5 operators typed by the user (AND, NEAR,
 * quotes, parentheses, column filters, ^, -) are searched for as words or dropped, never interpreted.
 * `all`: every word must occur (search); `any`: ranked by how many do (similar countermeasures).
 */
export function ftsQuery(text: string, mode: 'all' | 'any' = 'all', opts: { minLength?: number; max?: number } = {}): string | null {
  const words = (text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= (opts.minLength ?? 1) && !(mode === 'any' && STOP_WORDS.has(w.toLowerCase())));
  const unique = [...new Set(words.map((w) => w.toLowerCase()))].slice(0, opts.max ?? 16);
  if (unique.length === 0) return null;
  return unique.map((w) => `"${w}"*`).join(mode === 'all' ? ' ' : ' OR ');
}

/** Like ftsQuery, but a query without any word is refused with a message naming what was typed. */
export function requireFtsQuery(text: string): string {
  const q = ftsQuery(text);
  if (q === null) throw new AppError('BAD_INPUT', `Search needs a word or a number; "${text.slice(0, 80)}" has none.`, { reason: 'no-words' });
  return q;
}

/** Splits a snippet marked by HIT_OPEN/HIT_CLOSE into plain parts; the renderer draws `hit` parts inside <mark>. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest.length > 0) {
    const open = rest.indexOf(HIT_OPEN);
    if (open < 0) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), hit: false });
    const close = rest.indexOf(HIT_CLOSE, open + 1);
    const end = close < 0 ? rest.length : close;
    const text = rest.slice(open + 1, end);
    if (text) parts.push({ text, hit: true });
    rest = close < 0 ? '' : rest.slice(close + 1);
  }
  // Adjacent hits ("feature store") read as one marked phrase.
  return parts.reduce<SnippetPart[]>((acc, p) => {
    const last = acc[acc.length - 1];
    if (last && last.hit === p.hit) acc[acc.length - 1] = { text: last.text + p.text, hit: p.hit };
    else acc.push(p);
    return acc;
  }, []);
}
