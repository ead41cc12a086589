import { useDebouncedCall } from './useSearch';
import './knowledge.css';
import { Snippet } from './Snippet';
import { navigate } from '../../router';
import { ACTION_STATUS_LABELS } from '../../../../common/contract/schemas/actions';
import type { ActionStatus } from '../../../../common/contract/schemas/actions';

/**
 * "Similar countermeasures from past events" for the idea or action being typed: other events' actions ranked by
 * bm25, with the KPI change they achieved. Debounced (400 ms) and asynchronous, so typing never waits for it.
 */
export function SimilarCountermeasures({ eventId, text }: { eventId: string; text: string }) {
  const t = text.trim();
  const { data } = useDebouncedCall('knowledge-similar', t.length >= 3 ? { eventId, text: t, limit: 3 } : null, 400);
  if (!data || data.length === 0) return null;
  return (
    <aside className="similar" aria-label="Similar countermeasures from past events" data-testid="similar-countermeasures">
      <h3>Similar countermeasures from past events</h3>
      <ul>
        {data.map((s) => (
          <li key={s.actionId}>
            <button type="button" className="link-button" onClick={() => navigate({ page: 'event', eventId: s.eventId, section: 'actions' })}>
              {s.title}
            </button>
            <span className="muted"> — {s.eventName} · {ACTION_STATUS_LABELS[s.status as ActionStatus] ?? s.status}</span>
            <div className="similar-effect">
              {s.expected && <span>Expected: {s.expected}. </span>}
              <span>{s.achieved ? `Achieved: ${s.achieved}` : 'No measured KPI change.'}</span>
            </div>
            <Snippet parts={s.snippet} />
          </li>
        ))}
      </ul>
    </aside>
  );
}
