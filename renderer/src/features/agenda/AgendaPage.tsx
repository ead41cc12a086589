import { useState } from 'react';
import { ACTIVITIES, ACTIVITY_LABELS } from '../../../../common/contract/schemas/workshop';
import type { Activity, AgendaFields, AgendaSession } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { alreadyShown, useChange } from '../../api/useChange';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { dayDate, formatClockTime } from '../../../../common/domain/workshop/schedule';
import { DurationDialog } from '../presenter/DurationDialog';
import { useAgendaControl } from '../presenter/useAgendaControl';
import { useTimer } from '../presenter/useTimer';
import type { SectionProps } from '../sectionProps';
import { AgendaRow } from './AgendaRow';
import { addSession, moveSession } from './agendaChanges';
import { useAgendaPace, useSchedule } from './useAgendaPace';
import './agenda.css';
import { fmt } from '../../format';

const AREAS = ['agenda'] as const;

const minutes = (n: number) => (n >= 60 ? `${Math.floor(n / 60)} h ${n % 60 ? `${n % 60} min` : ''}`.trim() : `${n} min`);

/** The multi-day agenda: sessions per day, reordered by drag or Alt+↑/↓, started with a timer. */
export function AgendaPage({ event }: SectionProps) {
  const { data: sessions, error } = useCall('agenda-list', { eventId: event.id }, ['agenda']);
  const { data: team } = useCall('team-list', { eventId: event.id }, ['team']);
  const ops = useChange(AREAS);
  const timer = useTimer(event.id);
  const control = useAgendaControl(event.id);
  const schedule = useSchedule(event.id, sessions ?? []);
  const currentItem = (sessions ?? []).find((s) => s.id === timer.timer?.currentSessionId);
  const pace = useAgendaPace(event, sessions ?? [], currentItem, (timer.timer?.state ?? 'idle') !== 'idle');
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
  // Starting an item runs its clock in main (asking first when another item is still running).
  const begin = async (s: AgendaSession, ms: number) => {
    setStarting(null);
    if (await control.run(s.id, ms)) ops.refresh();
  };
  const setDayStart = (d: number, value: string) => {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) return;
    void ops.save(() => call('agenda-day-set', { eventId: event.id, day: d, startTime: value })).catch(alreadyShown);
  };
  const longDate = (iso: string | null) => (iso ? fmt().longDate(iso) : null);

  return (
    <div className="agenda">
      <div className="agenda-toolbar">
        <p className="lead">Plan each day of the event. Start a session to record its actual start and run the timer; drag rows or use Alt+↑/↓ to reorder.</p>
        <button type="button" className="btn btn-primary" onClick={() => navigate({ page: 'event', eventId: event.id, section: 'present' })}>
          ▶ Presenter mode
        </button>
      </div>
      {error && <p className="error-banner" role="alert">{error}</p>}
      {currentItem && pace?.text && (
        <p className={`agenda-pace${pace.late ? ' agenda-pace-late' : ''}`} data-testid="agenda-pace">
          Now: {currentItem.title} ({pace.slot ?? `${currentItem.plannedMinutes} min`}) · {pace.text}
        </p>
      )}
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
          const plan = schedule.find((x) => x.day === d);
          const items = new Map((plan?.items ?? []).map((i) => [i.id, `${formatClockTime(i.startMin)}–${formatClockTime(i.endMin)}`]));
          const date = longDate(dayDate(event.startDate, d));
          return (
            <section key={d} className="agenda-day" aria-labelledby={`agenda-day-${d}`} onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => { const id = e.dataTransfer.getData('text/agenda-id'); if (id) move(id, d, list.length); }}>
              <div className="agenda-day-head">
                <h2 id={`agenda-day-${d}`}>Day {d}{date ? ` · ${date}` : ''} <span className="muted agenda-day-total">{list.length} sessions · {minutes(total)} planned{plan ? ` · ${formatClockTime(plan.startMin)}–${formatClockTime(plan.endMin)}` : ''}</span></h2>
                <label className="agenda-day-start">Starts at
                  <input type="time" key={plan?.startMin} defaultValue={plan ? formatClockTime(plan.startMin) : '09:00'} aria-label={`Day ${d} starts at`}
                    onBlur={(e) => setDayStart(d, e.target.value)} />
                </label>
              </div>
              <ol className="agenda-list">
                {list.map((s, i) => (
                  <AgendaRow key={s.id} s={s} index={i} count={list.length} members={team?.members ?? []} ops={ops} onMove={move}
                    current={timer.timer?.currentSessionId === s.id} onStart={() => setStarting(s)} slot={items.get(s.id) ?? null} />
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
      {control.question && (
        <ConfirmDialog title="Stop the running item?" message={control.question.message} confirmLabel="Stop it and start this one"
          onConfirm={() => void control.question?.confirm().then(() => ops.refresh())} onCancel={control.cancel} />
      )}
    </div>
  );
}
