import { ACTION_STATUS_LABELS } from '../../../../common/contract/schemas/actions';
import { useCall } from '../../api/useCall';

const MAX = 6;

/** Action sessions: the newest actions with owner, due date and status. */
export function PresenterActions({ eventId }: Readonly<{ eventId: string }>) {
  const { data: actions } = useCall('action-list', { eventId }, ['actions']);
  const { data: team } = useCall('team-list', { eventId }, ['team']);
  const names = new Map((team?.members ?? []).map((m) => [m.id, m.name]));
  const list = [...(actions ?? [])].filter((a) => a.status !== 'dropped').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="presenter-artefact" aria-label="Actions">
      <h2 className="presenter-artefact-title">New actions <span className="presenter-count">{list.length}</span></h2>
      {list.length === 0 ? <p className="presenter-big-note">No actions yet.</p> : (
        <table className="presenter-actions" data-testid="presenter-actions">
          <thead><tr><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {list.slice(0, MAX).map((a) => (
              <tr key={a.id}>
                <td className="presenter-action-title">{a.title}</td>
                <td>{(a.ownerId && names.get(a.ownerId)) || '—'}</td>
                <td>{a.dueDate ?? '—'}</td>
                <td>{ACTION_STATUS_LABELS[a.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > MAX && <p className="presenter-more">+ {list.length - MAX} more on the Actions page</p>}
    </section>
  );
}
