import { useState } from 'react';
import { ACTIVITIES, ACTIVITY_LABELS } from '../../../../common/contract/schemas/workshop';
import type { Activity, AgendaFields, AgendaSession } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { alreadyShown, useChange } from '../../api/useChange';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../router';
import { DurationDialog } from '../presenter/DurationDialog';
import { useTimer } from '../presenter/useTimer';
import type { SectionProps } from '../sectionProps';
import { AgendaRow } from './AgendaRow';
import { addSession, moveSession } from './agendaChanges';
import './agenda.css';

const AREAS = ['agenda'] as const;

const minutes = (n: number) => (n >= 60 ? `${Math.floor(n / 60)} h ${n % 60 ? `${n % 60} min` : ''}`.trim() : `${n} min`);

/** The multi-day agenda: sessions per day, reordered by drag or Alt+↑/↓, started with a timer. */
export function AgendaPage({ event }: SectionProps) {
  const { data: sessions, error } = useCall('agenda-list', { eventId: event.id }, ['agenda']);
  const { data: team } = useCall('team-list', { eventId: event.id }, ['team']);
  const ops = useChange(AREAS);
  const timer = useTimer(event.id);
  const [title, setTitle] = useState('');
  const [day, setDay] = useState(1);
  const [activity, setActivity] = useState<Activity>('brainstorm');
  const [planned, setPlanned] = useState(30);
  const [starting, setStarting] = useState<AgendaSession | null>(null);
  const [titleError, setTitleError] = useState<string | null>(null);

  const days = [...new Set([...(sessions ?? []).map((s) => s.day)])].sort((a, b) => a - b);
  const submit = async () => {
    if (!title.trim()) return setTitleError('Give the session a title first.');
    setTitleError(null);
    const f: Partial<AgendaFields> & { title: string } = { title: title.trim(), day, activity, plannedMinutes: planned };
    await ops.change(addSession(event.id, f)).then(() => setTitle(''), alreadyShown);
  };
  const move = (id: string, d: number, index: number) => {
    const c = moveSession(sessions ?? [], id, d, index);
    void (c ? ops.change(c) : ops.save(() => call('agenda-move', { id, day: d, index }))).catch(alreadyShown);
  };
  const begin = async (s: AgendaSession, ms: number) => {
    setStarting(null);
    try {
      await call('agenda-start', { id: s.id });
      await timer.start(ms, s.id);
      ops.refresh();
    } catch (e) {
      ops.fail(e);
    }
  };

  return (
    <div className="agenda">
      <div className="agenda-toolbar">
        <p className="lead">Plan each day of the event. Start a session to record its actual start and run the timer; drag rows or use Alt+↑/↓ to reorder.</p>
        <button type="button" className="btn btn-primary" onClick={() => navigate({ page: 'event', eventId: event.id, section: 'present' })}>
          ▶ Presenter mode
        </button>
      </div>
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card agenda-add" aria-label="Add an agenda session" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <div className="field agenda-add-title">
          <label htmlFor="agenda-new-title">Session title</label>
          <input id="agenda-new-title" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Walk the inference pipeline" />
          {titleError && <small className="field-error" role="alert">{titleError}</small>}
        </div>
        <div className="field agenda-add-small">
          <label htmlFor="agenda-new-day">Day</label>
          <input id="agenda-new-day" type="number" min={1} max={60} value={day} onChange={(e) => setDay(Math.max(1, Math.min(60, Number(e.target.value) || 1)))} />
        </div>
        <div className="field">
          <label htmlFor="agenda-new-activity">Activity</label>
          <select id="agenda-new-activity" value={activity} onChange={(e) => setActivity(e.target.value as Activity)}>
            {ACTIVITIES.map((a) => <option key={a} value={a}>{ACTIVITY_LABELS[a]}</option>)}
          </select>
        </div>
        <div className="field agenda-add-small">
          <label htmlFor="agenda-new-planned">Minutes</label>
          <input id="agenda-new-planned" type="number" min={0} max={1440} value={planned} onChange={(e) => setPlanned(Math.max(0, Math.min(1440, Number(e.target.value) || 0)))} />
        </div>
        <button type="submit" className="btn btn-primary">Add session</button>
      </form>
      {sessions && sessions.length === 0 ? (
        <EmptyState title="No agenda yet">
          Add the sessions of each day — kick-off, process walk, brainstorm, voting, root cause, report-out — with their planned
          length. During the event, start a session to time it and show it in presenter mode.
        </EmptyState>
      ) : (
        days.map((d) => {
          const list = (sessions ?? []).filter((s) => s.day === d);
          const total = list.reduce((n, s) => n + s.plannedMinutes, 0);
          return (
            <section key={d} className="agenda-day" aria-labelledby={`agenda-day-${d}`} onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => { const id = e.dataTransfer.getData('text/agenda-id'); if (id) move(id, d, list.length); }}>
              <h2 id={`agenda-day-${d}`}>Day {d} <span className="muted agenda-day-total">{list.length} sessions · {minutes(total)} planned</span></h2>
              <ol className="agenda-list">
                {list.map((s, i) => (
                  <AgendaRow key={s.id} s={s} index={i} count={list.length} members={team?.members ?? []} ops={ops} onMove={move}
                    current={timer.timer?.currentSessionId === s.id} onStart={() => setStarting(s)} />
                ))}
              </ol>
            </section>
          );
        })
      )}
      {starting && (
        <DurationDialog title={`Start “${starting.title}”`} initialMs={(starting.plannedMinutes || 5) * 60_000}
          onCancel={() => setStarting(null)} onStart={(ms) => void begin(starting, ms)} />
      )}
    </div>
  );
}
