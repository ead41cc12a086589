import { useEffect, useRef, useState } from 'react';
import { ACTIVITY_LABELS } from '../../../../common/contract/schemas/workshop';
import type { AgendaSession } from '../../../../common/contract/schemas/workshop';
import { formatClock } from '../../../../common/domain/workshop/timer';
import { useCall } from '../../api/useCall';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { navigate } from '../../router';
import { useAgendaPace } from '../agenda/useAgendaPace';
import type { SectionProps } from '../sectionProps';
import { PresenterArtefact } from './PresenterArtefact';
import { useAgendaControl } from './useAgendaControl';
import { useTimer } from './useTimer';
import './presenter.css';

/**
 * Presenter mode: full screen, large type, the current agenda item, its timer and the artefact being worked on.
 * Everything acts on main's one current item: → / ← move it (asking before stopping a running item), Space starts,
 * pauses or resumes it, R resets its clock to the planned minutes, + adds a minute, Esc leaves.
 */
export function PresenterMode({ event }: SectionProps) {
  const { data: sessions } = useCall('agenda-list', { eventId: event.id }, ['agenda']);
  const { data: team } = useCall('team-list', { eventId: event.id }, ['team']);
  const t = useTimer(event.id);
  const control = useAgendaControl(event.id);
  const list = sessions ?? [];
  // Key presses move at once; main's current item catches up (calls are queued so order is kept).
  const [localId, setLocalId] = useState<string | null>(null);
  const queue = useRef(Promise.resolve());
  const serverId = t.timer?.currentSessionId ?? null;
  const shownId = localId ?? serverId;
  const idx = Math.max(0, list.findIndex((s) => s.id === shownId));
  const current: AgendaSession | undefined = list[idx];
  // Two quick presses must move two items, even before React re-renders with the first move.
  const idxRef = useRef(idx);
  idxRef.current = idx;
  const pace = useAgendaPace(event, list, current, t.timer?.state !== 'idle');
  useEffect(() => { if (localId !== null && localId === serverId) setLocalId(null); }, [localId, serverId]);

  useEffect(() => {
    document.documentElement.requestFullscreen?.().catch(() => undefined);
    return () => { if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined); };
  }, []);

  useEffect(() => {
    const go = (i: number) => {
      const s = list[i];
      if (!s) return;
      idxRef.current = i;
      setLocalId(s.id);
      queue.current = queue.current.then(async () => { if (!(await control.goTo(s.id))) setLocalId(null); });
    };
    const onKey = (e: KeyboardEvent) => {
      if (control.question || (e.target as HTMLElement | null)?.closest('input, textarea, select, dialog')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') navigate({ page: 'event', eventId: event.id, section: 'agenda' });
      else if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); go(idxRef.current + 1); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); go(idxRef.current - 1); }
      else if (e.key === ' ') { e.preventDefault(); void toggle(); }
      else if (e.key === 'r' || e.key === 'R') { e.preventDefault(); void t.reset(); }
      else if (e.key === '+' || e.key === '=') { e.preventDefault(); void t.extend(60_000); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  /** Space: the clock belongs to the item on screen, so it never pauses an item the room has left. */
  const toggle = async () => {
    await queue.current;
    if (!current) return;
    if (t.timer?.state === 'running' && !t.finished && t.timer.currentSessionId === current.id) return t.pause();
    if (t.timer?.state === 'paused' && t.timer.currentSessionId === current.id) return t.start();
    await control.run(current.id);
  };

  const owner = team?.members.find((m) => m.id === current?.ownerId)?.name;
  const state = t.finished ? 'done' : (t.timer?.state ?? 'idle');
  return (
    <div className="presenter" role="dialog" aria-modal="true" aria-label="Presenter mode" data-testid="presenter">
      <header className="presenter-head">
        <span className="presenter-event">{event.name}</span>
        {pace && <span className={`presenter-pace${pace.late ? ' presenter-late' : ''}`} data-testid="presenter-pace">{pace.text}</span>}
        <span className="presenter-pos">{current ? `Day ${current.day} · item ${idx + 1} of ${list.length}` : 'No agenda yet'}</span>
      </header>
      <div className="presenter-top">
        <div className="presenter-item">
          {current ? (
            <>
              <p className="presenter-activity">
                {ACTIVITY_LABELS[current.activity]} · {current.plannedMinutes} min planned
                {pace?.slot && <> · <span className="presenter-nowrap">{pace.slot}</span></>}{owner ? ` · ${owner}` : ''}
              </p>
              <h1 className="presenter-title" data-testid="presenter-title">{current.title}</h1>
            </>
          ) : <h1 className="presenter-title">Add sessions on the Agenda page to present them here.</h1>}
        </div>
        <div className={`presenter-timer presenter-timer-${state}`} role="timer" aria-live={t.finished ? 'assertive' : 'off'} data-testid="presenter-timer">
          <span className="presenter-clock">{formatClock(t.remainingMs)}</span>
          <span className="presenter-timer-state">{t.finished ? 'Time’s up' : state === 'running' ? 'running' : state === 'paused' ? 'paused' : 'Space to start'}</span>
          <button type="button" className="presenter-extend" onClick={() => void t.extend(60_000)} title="Add one minute (+)">+1 min</button>
        </div>
      </div>
      <PresenterArtefact eventId={event.id} activity={current?.activity ?? 'brainstorm'} />
      <footer className="presenter-keys" aria-hidden="true">→ next · ← previous · Space start / pause · R reset · + one more minute · Esc leave</footer>
      {control.question && (
        <ConfirmDialog title="Stop the running item?" message={control.question.message} confirmLabel="Stop it and move on"
          onConfirm={() => void control.question?.confirm()} onCancel={() => { control.cancel(); setLocalId(null); }} />
      )}
    </div>
  );
}
