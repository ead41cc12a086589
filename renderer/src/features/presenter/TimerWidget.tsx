import { useState } from 'react';
import { formatClock } from '../../../../common/domain/workshop/timer';
import { DurationDialog } from './DurationDialog';
import { useTimer } from './useTimer';
import './presenter.css';

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
            ? <button type="button" className="btn btn-small" onClick={() => void t.pause()}>Pause</button>
            : state === 'paused' && <button type="button" className="btn btn-small" onClick={() => void t.start()}>Resume</button>}
          <button type="button" className="btn btn-small" onClick={() => void t.extend(60_000)} title="Add one minute">+1 min</button>
          <button type="button" className="btn btn-small" onClick={() => void t.reset()}>Reset</button>
        </>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setAsking(true)}>Set timer</button>
      )}
      <label className="timer-sound" title="Play a sound when time is up">
        <input type="checkbox" checked={t.timer?.sound ?? true} onChange={(e) => void t.setSound(e.target.checked)} />
        <span>Sound</span>
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
