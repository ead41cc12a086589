import { useEffect, useRef, useState } from 'react';
import { MAX_TIMER_MS } from '../../../../common/contract/schemas/workshop';
import { formatClock, parseDuration } from '../../../../common/domain/workshop/timer';

const PRESETS = [1, 5, 10, 15, 25, 45, 60, 90];

/** Asks how long the timer should run: free text ("90s", "10m", "1h 30m", "25:00") or a preset. */
export function DurationDialog({ title, initialMs, onStart, onCancel }: Readonly<{
  title: string;
  initialMs: number;
  onStart: (ms: number) => void;
  onCancel: () => void;
}>) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(() => `${Math.round(initialMs / 60_000) || 5}m`);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const submit = (raw: string) => {
    const ms = parseDuration(raw);
    if (ms === null) return setError(`“${raw}” is not a duration. Try 90s, 10m, 1h 30m or 25:00.`);
    if (ms < 1000) return setError('The timer needs at least 1 second.');
    if (ms > MAX_TIMER_MS) return setError('The longest timer is 24 hours.');
    onStart(ms);
  };
  const preview = parseDuration(text);
  return (
    <dialog ref={ref} className="dialog duration-dialog" aria-labelledby="duration-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form onSubmit={(e) => { e.preventDefault(); submit(text); }}>
        <h2 id="duration-title">{title}</h2>
        <div className="field">
          <label htmlFor="duration-input">How long? (seconds to hours)</label>
          <input id="duration-input" value={text} autoFocus onChange={(e) => { setText(e.target.value); setError(null); }} placeholder="e.g. 90s, 10m, 1h 30m, 25:00" />
          {error ? <small className="field-error" role="alert">{error}</small> : <small className="hint">{preview !== null ? `Runs for ${formatClock(preview)}` : 'Type a number with s, m or h'}</small>}
        </div>
        <div className="duration-presets" role="group" aria-label="Presets">
          {PRESETS.map((m) => <button key={m} type="button" className="btn btn-small" onClick={() => submit(`${m}m`)}>{m} min</button>)}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="submit" className="btn btn-primary">Start timer</button>
        </div>
      </form>
    </dialog>
  );
}
