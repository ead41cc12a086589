import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ftsQuery, requireFtsQuery, snippetParts } from './ftsQuery';

describe('ftsQuery: the user text as an FTS5 expression that is never a syntax error', () => {
  it('quotes each word with a prefix star; AND for search, OR without common words for similarity', () => {
    expect(ftsQuery('Retrain the model')).toBe('"retrain"* "the"* "model"*');
    expect(ftsQuery('Batch the feature reads per request', 'any', { minLength: 3 })).toBe('"batch"* OR "feature"* OR "reads"* OR "request"*');
    expect(ftsQuery('Café déjà-vu 95p')).toBe('"café"* "déjà"* "vu"* "95p"*');
    expect(ftsQuery('"() * ^ :')).toBeNull();
    expect(() => requireFtsQuery('"()')).toThrow('Search needs a word or a number; ""()" has none.');
  });

  it('runs every hostile input through a real FTS5 table without an error', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2'); INSERT INTO t VALUES ('NEAR the cache AND feature store: col reads')");
    const hostile = ['"unbalanced', 'cache AND (', 'NEAR(cache', 'body:cache', 'col:reads', '*', '^cache', 'AND OR NOT', 'a"b', "it's", '-cache', '+cache', '{body}: x', 'x NEAR/2 y'];
    for (const q of hostile) {
      const m = ftsQuery(q);
      if (m !== null) expect(() => db.prepare('SELECT count(*) FROM t WHERE t MATCH ?').pluck().get(m), q).not.toThrow();
    }
    expect(db.prepare('SELECT count(*) FROM t WHERE t MATCH ?').pluck().get(ftsQuery('cache AND ('))).toBe(1);
  });
});

describe('snippetParts', () => {
  it('splits marked snippets into text and hits, merging adjacent pieces', () => {
    expect(snippetParts('Restore \u0002batched\u0003 \u0002feature\u0003 reads…')).toEqual([
      { text: 'Restore ', hit: false },
      { text: 'batched', hit: true },
      { text: ' ', hit: false },
      { text: 'feature', hit: true },
      { text: ' reads…', hit: false },
    ]);
    expect(snippetParts('<b>x</b> \u0002y')).toEqual([{ text: '<b>x</b> ', hit: false }, { text: 'y', hit: true }]);
    expect(snippetParts('')).toEqual([]);
  });
});
