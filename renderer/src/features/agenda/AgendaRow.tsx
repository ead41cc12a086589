import { ACTIVITIES, ACTIVITY_LABELS } from '../../../../common/contract/schemas/workshop';
import type { Activity, AgendaSession } from '../../../../common/contract/schemas/workshop';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { AutosaveText } from '../../components/fields';
import { alreadyShown } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { call } from '../../api/client';
import { removeSession, updateSession } from './agendaChanges';
import { fmt } from '../../format';

const time = (iso: string | null) => (iso ? fmt().weekdayTime(iso) : null);

/** One agenda session: editable in place, draggable, reorderable with Alt+↑/↓ from anywhere in the row. */
export function AgendaRow({ s, index, count, members, ops, onMove, current, onStart, slot }: Readonly<{
  s: AgendaSession;
  index: number;
  count: number;
  members: readonly TeamMember[];
  ops: ChangeOps;
  onMove: (id: string, day: number, index: number) => void;
  current: boolean;
  onStart: () => void;
  /** Planned clock times, "09:30–10:15". */
  slot: string | null;
}>) {
  const save = (patch: Parameters<typeof updateSession>[1]) => ops.change(updateSession(s, patch)).catch(alreadyShown);
  const onKey = (e: React.KeyboardEvent) => {
    if (!e.altKey) return;
    if (e.key === 'ArrowUp' && index > 0) { e.preventDefault(); onMove(s.id, s.day, index - 1); }
    if (e.key === 'ArrowDown' && index < count - 1) { e.preventDefault(); onMove(s.id, s.day, index + 1); }
  };
  const started = time(s.actualStart);
  const ended = time(s.actualEnd);
  return (
    <li className={`card agenda-row activity-${s.activity}${current ? ' agenda-current' : ''}`} data-testid="agenda-row" onKeyDown={onKey}
      draggable onDragStart={(e) => e.dataTransfer.setData('text/agenda-id', s.id)}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => { e.stopPropagation(); const id = e.dataTransfer.getData('text/agenda-id'); if (id && id !== s.id) onMove(id, s.day, index); }}>
      <span className="agenda-grip" aria-hidden="true">⠿</span>
      <span className="agenda-time" data-testid="agenda-time">{slot}</span>
      <AutosaveText label="Title" value={s.title} onCommit={(v) => ops.change(updateSession(s, { title: v }))} validate={(v) => (v.trim() ? null : 'A session needs a title.')} />
      <div className="field">
        <label htmlFor={`act-${s.id}`}>Activity</label>
        <select id={`act-${s.id}`} value={s.activity} onChange={(e) => void save({ activity: e.target.value as Activity })}>
          {ACTIVITIES.map((a) => <option key={a} value={a}>{ACTIVITY_LABELS[a]}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`min-${s.id}`}>Minutes</label>
        <input id={`min-${s.id}`} type="number" min={0} max={1440} defaultValue={s.plannedMinutes} key={s.plannedMinutes}
          onBlur={(e) => { const n = Math.round(Number(e.target.value)); if (Number.isFinite(n) && n >= 0 && n <= 1440 && n !== s.plannedMinutes) void save({ plannedMinutes: n }); }} />
      </div>
      <div className="field">
        <label htmlFor={`day-${s.id}`}>Day</label>
        <input id={`day-${s.id}`} type="number" min={1} max={60} defaultValue={s.day} key={`d${s.day}`}
          onBlur={(e) => { const n = Math.round(Number(e.target.value)); if (n >= 1 && n <= 60 && n !== s.day) onMove(s.id, n, 9999); }} />
      </div>
      <div className="field">
        <label htmlFor={`own-${s.id}`}>Owner</label>
        <select id={`own-${s.id}`} value={s.ownerId ?? ''} onChange={(e) => void save({ ownerId: e.target.value || null })}>
          <option value="">Nobody</option>
          {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </select>
      </div>
      <div className="agenda-buttons">
        <button type="button" className="btn btn-small" aria-label={`Move ${s.title} up`} disabled={index === 0} onClick={() => onMove(s.id, s.day, index - 1)}>↑</button>
        <button type="button" className="btn btn-small" aria-label={`Move ${s.title} down`} disabled={index === count - 1} onClick={() => onMove(s.id, s.day, index + 1)}>↓</button>
        <button type="button" className="btn btn-small btn-primary" onClick={onStart}>{s.actualStart ? 'Restart' : 'Start'}</button>
        {s.actualStart && !s.actualEnd && <button type="button" className="btn btn-small" onClick={() => void ops.save(() => call('agenda-end', { id: s.id })).catch(alreadyShown)}>End</button>}
        <button type="button" className="btn btn-small btn-danger-outline" aria-label={`Remove ${s.title}`} onClick={() => ops.act(removeSession(s))}>✕</button>
      </div>
      {(started || ended) && (
        <p className="agenda-actual">{started && <>Started {started}</>}{ended && <> · ended {ended}</>}</p>
      )}
    </li>
  );
}
