import { useEffect, useRef, useState } from 'react';
import { ACTIVITY_LABELS } from '../../../../common/contract/schemas/workshop';
import type { AgendaSession } from '../../../../common/contract/schemas/workshop';
import { formatClock } from '../../../../common/domain/workshop/timer';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../router';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';
import { PresenterArtefact } from './PresenterArtefact';
import { useTimer } from './useTimer';
import './presenter.css';

/**
 * Presenter mode: full screen, large type, the current agenda item, its timer and the artefact being
 * worked on. → / ← move through the agenda, Space starts or pauses the timer, Esc leaves.
 */
export function PresenterMode({ event }: SectionProps) {
  const { data: sessions } = useCall('agenda-list', { eventId: event.id }, ['agenda']);
  const { data: team } = useCall('team-list', { eventId: event.id }, ['team']);
  const t = useTimer(event.id);
  const bump = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const list = sessions ?? [];
  // Key presses move at once; the saved current item catches up (calls are queued so order is kept).
  const [localId, setLocalId] = useState<string | null>(null);
  const queue = useRef(Promise.resolve());
  const shownId = localId ?? t.timer?.currentSessionId;
  const idx = Math.max(0, list.findIndex((s) => s.id === shownId));
  const current: AgendaSession | undefined = list[idx];
  // Two quick presses must move two items, even before React re-renders with the first move.
  const idxRef = useRef(idx);
  idxRef.current = idx;

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
      queue.current = queue.current
        .then(() => call('timer-current', { eventId: event.id, sessionId: s.id }))
        .then(() => bump('timer'), (e: unknown) => toast({ kind: 'error', message: errorMessage(e) }));
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement | null)?.closest('input, textarea, select, dialog')) return;
      if (e.key === 'Escape') navigate({ page: 'event', eventId: event.id, section: 'agenda' });
      else if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); go(idxRef.current + 1); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); go(idxRef.current - 1); }
      else if (e.key === ' ') {
        e.preventDefault();
        if (t.timer?.state === 'running' && !t.finished) void t.pause();
        else if (t.timer?.state === 'paused') void t.start();
        else void t.start(Math.max(1, current?.plannedMinutes ?? 5) * 60_000, current?.id ?? null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const owner = team?.members.find((m) => m.id === current?.ownerId)?.name;
  const state = t.finished ? 'done' : (t.timer?.state ?? 'idle');
  return (
    <div className="presenter" role="dialog" aria-modal="true" aria-label="Presenter mode" data-testid="presenter">
      <header className="presenter-head">
        <span className="presenter-event">{event.name}</span>
        <span className="presenter-pos">{current ? `Day ${current.day} · item ${idx + 1} of ${list.length}` : 'No agenda yet'}</span>
      </header>
      <div className="presenter-top">
        <div className="presenter-item">
          {current ? (
            <>
              <p className="presenter-activity">{ACTIVITY_LABELS[current.activity]} · {current.plannedMinutes} min planned{owner ? ` · ${owner}` : ''}</p>
              <h1 className="presenter-title" data-testid="presenter-title">{current.title}</h1>
            </>
          ) : <h1 className="presenter-title">Add sessions on the Agenda page to present them here.</h1>}
        </div>
        <div className={`presenter-timer presenter-timer-${state}`} role="timer" aria-live={t.finished ? 'assertive' : 'off'} data-testid="presenter-timer">
          <span className="presenter-clock">{formatClock(t.remainingMs)}</span>
          <span className="presenter-timer-state">{t.finished ? 'Time’s up' : state === 'running' ? 'running' : state === 'paused' ? 'paused' : 'Space to start'}</span>
        </div>
      </div>
      <PresenterArtefact eventId={event.id} activity={current?.activity ?? 'brainstorm'} />
      <footer className="presenter-keys" aria-hidden="true">→ next · ← previous · Space start / pause · Esc leave</footer>
    </div>
  );
}
