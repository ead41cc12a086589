import { SEARCH_KIND_LABELS } from '../../../../common/contract/schemas/knowledge';
import './knowledge.css';
import type { SearchHit } from '../../../../common/contract/schemas/knowledge';
import { navigate } from '../../router';
import { Snippet } from './Snippet';

/** Opens a search result: its event, at the section holding the item. */
export function openHit(hit: SearchHit): void {
  navigate({ page: 'event', eventId: hit.eventId, section: hit.section });
}

/** One result line: where it is (event › kind: title) and the snippet with the match marked. */
export function SearchHitLine({ hit }: { hit: SearchHit }) {
  return (
    <>
      <span className="search-hit-where">
        <span className="search-hit-event">{hit.eventName}</span>
        {hit.eventArchived && <span className="badge">Archived</span>}
        <span className="search-hit-kind"> › {SEARCH_KIND_LABELS[hit.kind]}</span>
        {hit.title && hit.kind !== 'charter' && <span className="search-hit-title">: {hit.title}</span>}
      </span>
      <Snippet parts={hit.snippet} />
    </>
  );
}

/** Results of a search across events, each a button that opens the item in its event. */
export function SearchResults({ hits, total, query }: { hits: readonly SearchHit[]; total: number; query: string }) {
  if (hits.length === 0) return <p className="muted">Nothing in any event matches “{query}”.</p>;
  return (
    <>
      <p className="muted" aria-live="polite">{total === 1 ? '1 match' : `${total} matches`}{total > hits.length ? ` (best ${hits.length} shown)` : ''} across all events.</p>
      <ul className="search-results" aria-label="Search results">
        {hits.map((h) => (
          <li key={`${h.kind}:${h.itemId}`}>
            <button type="button" className="search-hit" data-testid="search-hit" onClick={() => openHit(h)}>
              <SearchHitLine hit={h} />
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
