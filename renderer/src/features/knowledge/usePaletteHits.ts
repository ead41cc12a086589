import type { SearchHit } from '../../../../common/contract/schemas/knowledge';
import { useDebouncedCall } from './useSearch';

/** The palette's search results for what is typed (2+ characters, debounced): items of every event. */
export function usePaletteHits(query: string): readonly SearchHit[] {
  const q = query.trim();
  const { data } = useDebouncedCall('knowledge-search', q.length >= 2 ? { query: q, limit: 8 } : null, 150);
  return q.length >= 2 && data ? data.results : [];
}
