import { useCallback, useEffect, useState } from 'react';
import type { RoomView } from '../../../../common/contract/schemas/room';
import { AppError } from '../../../../common/contract/errors';
import { forgetSession, joinRoom, roomCall, savedSession } from './participantClient';
import { ParticipantBallot } from './ParticipantBallot';
import './room.css';

const POLL_MS = 3000;

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function JoinForm({ initialCode, problem, onJoined }: { initialCode: string; problem: string | null; onJoined: () => void }) {
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState<string | null>(null);
  const shown = error ?? problem;
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await joinRoom(code);
      onJoined();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="room-card" aria-label="Join the workshop" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h1>Join the workshop</h1>
      <p>Type the join code shown on the projector. No account, no app: this page talks only to the facilitator’s laptop.</p>
      <label htmlFor="room-code">Join code</label>
      <input id="room-code" className="room-code-input" value={code} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={9} onChange={(e) => setCode(e.target.value)} />
      {shown && <p className="room-error" role="alert">{shown}</p>}
      <button type="submit" className="room-btn room-btn-primary" disabled={busy || code.trim().length < 6}>Join</button>
    </form>
  );
}

function IdeaForm({ view, onView }: { view: RoomView; onView: (v: RoomView) => void }) {
  const round = view.round!;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    if (!text.trim()) return setError('Write your idea first.');
    const sent = text;
    try {
      onView(await roomCall('room-idea-add', { roundId: round.id, text: sent }));
      // Clear only what was sent: the next idea may already be typed while this one travelled.
      setText((t) => (t === sent ? '' : t));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="room-card" aria-labelledby="room-round-title">
      <h2 id="room-round-title">{round.prompt}</h2>
      <form aria-label="Add an idea" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label htmlFor="room-idea">Your idea (anonymous)</label>
        <textarea id="room-idea" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void add(); } }} />
        {error && <p className="room-error" role="alert">{error}</p>}
        <button type="submit" className="room-btn room-btn-primary">Add idea</button>
      </form>
      <p className="room-muted">{round.entryCount} {round.entryCount === 1 ? 'idea' : 'ideas'} in this round so far, from everyone.</p>
      {round.myEntries.length > 0 && (
        <>
          <h3>Your ideas ({round.myEntries.length})</h3>
          <ul className="room-list" data-testid="room-my-ideas">
            {round.myEntries.map((e) => <li key={e.id}>{e.text}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}

function Results({ results }: { results: NonNullable<RoomView['results']> }) {
  return (
    <section className="room-card" aria-labelledby="room-results-title">
      <h2 id="room-results-title">Results: {results.title}</h2>
      <ol className="room-list room-results">
        {results.tally.map((t) => (
          <li key={t.ideaId}>
            <span className="room-rank">{t.rank}.</span> <span className="room-result-text">{t.text}</span> <strong>{t.dots} {t.dots === 1 ? 'dot' : 'dots'}</strong>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The participant's page on their phone (390×844): what the facilitator shows, the open round and the open ballot. */
function RoomScreen({ onLeft }: { onLeft: (why: string) => void }) {
  const [view, setView] = useState<RoomView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [offset, setOffset] = useState(0);
  const refresh = useCallback(async () => {
    try {
      const v = await roomCall('room-view', {});
      setOffset(Date.parse(v.timer.serverNow) - Date.now());
      setView(v);
      setProblem(null);
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN') {
        forgetSession();
        onLeft(e.message);
      } else setProblem(e instanceof Error ? e.message : String(e));
    }
  }, [onLeft]);
  useEffect(() => {
    void refresh();
    const poll = setInterval(() => void refresh(), POLL_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [refresh]);
  if (!view) return <p className="room-muted" role="status">{problem ?? 'Joining…'}</p>;
  const remaining = view.timer.state === 'running' && view.timer.endsAt ? Date.parse(view.timer.endsAt) - (now + offset) : view.timer.remainingMs;
  return (
    <>
      <header className="room-header">
        <span className="room-event">{view.eventName}</span>
        <span className="room-me" data-testid="room-me">You are {view.participantLabel}</span>
      </header>
      {problem && <p className="room-error" role="alert">{problem}</p>}
      <section className="room-card room-now" aria-label="On the projector now">
        <p className="room-muted">Now</p>
        <p className="room-current">{view.current ? view.current.title : 'Waiting for the facilitator'}</p>
        {view.timer.state !== 'idle' && <p className="room-clock" aria-label="Time left">{clock(remaining)}{view.timer.state === 'paused' ? ' (paused)' : ''}</p>}
      </section>
      {view.round && <IdeaForm view={view} onView={setView} />}
      {view.vote && <ParticipantBallot vote={view.vote} onView={setView} />}
      {!view.round && !view.vote && !view.results && (
        <p className="room-card room-muted">Nothing to add or vote on right now. When the facilitator opens a round or a vote, it appears here.</p>
      )}
      {view.results && !view.vote && <Results results={view.results} />}
    </>
  );
}

/** The /join route served by the room listener: join with the code, then the room screen. */
export function ParticipantApp() {
  const [joined, setJoined] = useState(() => savedSession() !== null);
  const [problem, setProblem] = useState<string | null>(null);
  const [code] = useState(() => {
    const url = new URL(window.location.href);
    const c = url.searchParams.get('code') ?? '';
    if (c) window.history.replaceState(null, '', url.pathname);
    return c;
  });
  // Scanning the QR code carries the code: join at once, once.
  useEffect(() => {
    if (joined || !code) return;
    joinRoom(code).then(
      () => setJoined(true),
      (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)),
    );
  }, [code, joined]);
  const left = useCallback((why: string) => {
    setProblem(why);
    setJoined(false);
  }, []);
  return (
    <main className="room-page">
      {joined ? <RoomScreen onLeft={left} /> : <JoinForm initialCode={code} problem={problem} onJoined={() => { setProblem(null); setJoined(true); }} />}
    </main>
  );
}
