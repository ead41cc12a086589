import { useState } from 'react';
import { formatClock } from '../../../../common/domain/workshop/timer';
import { DurationDialog } from './DurationDialog';
import { useTimer } from './useTimer';
import './presenter.css';

const BELL = 'M10 2a5 5 0 0 0-5 5v4l-2 3h14l-2-3V7a5 5 0 0 0-5-5zM8 16a2 2 0 0 0 4 0z';
const BELL_OFF = 'M10 2a5 5 0 0 0-5 5v4l-2 3h14l-2-3V7a5 5 0 0 0-5-5zM8 16a2 2 0 0 0 4 0zM2 3l1.4-1.4 15 15L17 18z';

/** A 20×20 glyph drawn as a path (no icon font or emoji needed offline). */
function Icon({ d }: Readonly<{ d: string }>) {
  return <svg className="timer-glyph" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false"><path d={d} fill="currentColor" /></svg>;
}

/** The facilitation timer in the top bar: visible on every page of the event, so it keeps running across pages. */
export function TimerWidget({ eventId }: { eventId: string }) {
  const t = useTimer(eventId);
  const [asking, setAsking] = useState(false);
  const state = t.timer?.state ?? 'idle';
  const cls = `timer-widget timer-${t.finished ? 'done' : state}`;
  return (
    <div className={cls} role="timer" aria-label="Facilitation timer" data-testid="timer-widget">
      {state !== 'idle' || t.finished ? (
        <>
          <span className="timer-widget-clock" data-testid="timer-clock" aria-live={t.finished ? 'assertive' : 'off'}>
            {t.finished ? 'Time’s up' : formatClock(t.remainingMs)}
          </span>
          {state === 'running' && !t.finished
            ? <button type="button" className="btn btn-small timer-icon" onClick={() => void t.pause()} aria-label="Pause" title="Pause"><Icon d="M5 3h4v14H5zM11 3h4v14h-4z" /></button>
            : state === 'paused' && <button type="button" className="btn btn-small timer-icon" onClick={() => void t.start()} aria-label="Resume" title="Resume"><Icon d="M5 3l12 7-12 7z" /></button>}
          <button type="button" className="btn btn-small" onClick={() => void t.extend(60_000)} aria-label="+1 min" title="Add one minute">+1</button>
          <button type="button" className="btn btn-small timer-icon" onClick={() => void t.reset()} aria-label="Reset" title="Reset"><Icon d="M10 3a7 7 0 1 1-6.6 4.7l1.9.7A5 5 0 1 0 10 5v3L5.5 4 10 0z" /></button>
        </>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setAsking(true)}>Set timer</button>
      )}
      <label className="timer-sound" title="Play a sound when time is up">
        <input type="checkbox" checked={t.timer?.sound ?? true} onChange={(e) => void t.setSound(e.target.checked)} />
        <span className="visually-hidden">Sound</span>
        <Icon d={t.timer?.sound ?? true ? BELL : BELL_OFF} />
      </label>
      {asking && (
        <DurationDialog
          title="Start the facilitation timer"
          initialMs={t.timer?.durationMs ?? 300_000}
          onCancel={() => setAsking(false)}
          onStart={(ms) => { setAsking(false); void t.start(ms); }}
        />
      )}
    </div>
  );
}
