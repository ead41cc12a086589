import { useState } from 'react';
import { useDebouncedCall } from './useSearch';
import { SearchResults } from './SearchResults';

/** Home: search the content of every event (archived ones too) — charters, root causes, ideas, actions, decisions, lessons, reviews. */
export function KnowledgeSearch() {
  const [query, setQuery] = useState('');
  const q = query.trim();
  const { data, error, pending } = useDebouncedCall('knowledge-search', q.length >= 2 ? { query: q, limit: 20 } : null);
  return (
    <section className="knowledge-search" aria-labelledby="knowledge-search-title">
      <h2 id="knowledge-search-title">Search past events</h2>
      <label htmlFor="knowledge-search-input" className="visually-hidden">Search the content of every event</label>
      <input
        id="knowledge-search-input"
        type="search"
        placeholder="Search root causes, ideas, actions, decisions, lessons… (Ctrl+K anywhere)"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && <p className="field-error" role="alert">{error}</p>}
      {q.length >= 2 && pending && !data && <p className="muted">Searching…</p>}
      {data && <SearchResults hits={data.results} total={data.total} query={q} />}
    </section>
  );
}
