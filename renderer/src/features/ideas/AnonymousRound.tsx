import { useEffect, useState } from 'react';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import type { InputRound } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { AutosaveText } from '../../components/fields';
import { useAppStore } from '../../store';
import { lockLaptop } from '../lock/lockLaptop';
import './ideas.css';

/** Unsubmitted text survives a reload for the same participant only; it is dropped when the laptop is passed. */
const draftKey = (r: InputRound) => `kaizen.round.${r.id}.${r.participant}`;

/** Entries are saved at once but never undoable: undo would replay one person's input on the next person's screen. */
function useRoundCall() {
  const { save } = useChange(['rounds']);
  return <T,>(p: Promise<T>): Promise<T | undefined> => save(() => p).catch(alreadyShown);
}

/** One participant's private entry screen (also shown by the locked participant screen, features/lock). */
export function Entering({ round }: { round: InputRound }) {
  const run = useRoundCall();
  const [text, setText] = useState(() => sessionStorage.getItem(draftKey(round)) ?? '');
  useEffect(() => { sessionStorage.setItem(draftKey(round), text); }, [round, text]);
  const add = async () => {
    const t = text.trim();
    if (!t) return;
    setText('');
    if (!(await run(call('round-entry-add', { roundId: round.id, text: t })))) setText((cur) => cur || t);
  };
  const pass = async () => {
    // Text typed but not yet added is kept: it is added before the laptop moves on.
    const pending = text.trim();
    if (pending) {
      setText('');
      if (!(await run(call('round-entry-add', { roundId: round.id, text: pending })))) return setText(pending);
    }
    sessionStorage.removeItem(draftKey(round));
    await run(call('round-pass', { id: round.id }));
  };
  return (
    <div className="round-entering card" data-testid="round-entering">
      <p className="round-who">Participant {round.participant} — only you can see this</p>
      <h2 className="round-prompt">{round.prompt}</h2>
      <form onSubmit={(e) => { e.preventDefault(); void add(); }} className="round-form">
        <div className="field">
          <label htmlFor="round-entry">Your idea</label>
          <input id="round-entry" autoFocus value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} placeholder="Type and press Enter to add another" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!text.trim()}>Add</button>
      </form>
      {round.myEntries.length > 0 && (
        <ul className="round-mine" aria-label="Your ideas">
          {round.myEntries.map((e, i) => (
            <li key={e.id} data-testid="round-my-entry">
              <AutosaveText label={`Your idea ${i + 1}`} value={e.text}
                onCommit={async (v) => { await run(call('round-entry-update', { roundId: round.id, entryId: e.id, text: v })); }}
                validate={(v) => (v.trim() ? null : 'Type something or delete it.')} />
              <button type="button" className="btn btn-small btn-danger-outline" onClick={() => void run(call('round-entry-remove', { roundId: round.id, entryId: e.id }))}>Delete</button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-primary btn-large" onClick={() => void pass()}>I’m done — pass the laptop to the next person</button>
    </div>
  );
}

/** Pass-the-laptop anonymous input: each participant sees only their own entries; the facilitator reveals all, unattributed. */
export function AnonymousRound({ event }: { event: KaizenEvent }) {
  const { data: rounds, error } = useCall('round-list', { eventId: event.id }, ['rounds']);
  const run = useRoundCall();
  const bumpData = useAppStore((s) => s.bumpData);
  const [prompt, setPrompt] = useState('What slows this process down?');
  const [confirmClose, setConfirmClose] = useState(false);
  const open = rounds?.find((r) => r.status === 'open');
  const closed = (rounds ?? []).filter((r) => r.status === 'closed');
  const back = `#/event/${encodeURIComponent(event.id)}/ideas`;

  const close = async (r: InputRound) => {
    setConfirmClose(false);
    const res = await run(call('round-close', { id: r.id }));
    if (res) bumpData('ideas');
  };

  return (
    <div className="round">
      <a className="btn btn-small" href={back}>← Ideas board</a>
      {error && <p className="error-banner" role="alert">{error}</p>}
      {!open && rounds && (
        <form className="card round-start" aria-label="Start a pass-the-laptop round" onSubmit={(e) => { e.preventDefault(); void run(call('round-open', { eventId: event.id, prompt, category: 'Anonymous' })).then((r) => r && lockLaptop(event.id, 'round', r.id)); }}>
          <h2>Pass-the-laptop anonymous round</h2>
          <p className="muted">Each person in turn types ideas privately. Passing the laptop hides everything before the next person starts.
            When you close the round, all entries appear on the Ideas board in random order, without names.
            Starting locks the laptop on the participant screen: only the facilitator’s passphrase leaves it.</p>
          <div className="field">
            <label htmlFor="round-prompt">Question for the room</label>
            <input id="round-prompt" value={prompt} maxLength={500} onChange={(e) => setPrompt(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={!prompt.trim()}>Start the round</button>
        </form>
      )}
      {open && open.phase === 'handover' && (
        <div className="round-handover card" data-testid="round-handover">
          <p className="round-who">{open.participant === 1 ? 'Ready when you are' : 'Thank you — your ideas are saved and hidden.'}</p>
          <h2 className="round-big">Participant {open.participant}: take the laptop, then press Start.</h2>
          <p className="muted">Nothing written by earlier participants is shown. {open.entryCount} idea{open.entryCount === 1 ? '' : 's'} collected so far.</p>
          <button type="button" className="btn btn-primary btn-large" autoFocus onClick={() => void run(call('round-begin', { id: open.id }))}>
            Start participant {open.participant}
          </button>
          <div className="round-facilitator">
            <button type="button" className="btn btn-danger-outline" onClick={() => setConfirmClose(true)}>Facilitator: close round and reveal ideas</button>
          </div>
        </div>
      )}
      {open && open.phase === 'entering' && <Entering round={open} />}
      {confirmClose && open && (
        <ConfirmDialog title="Close the round?" confirmLabel="Close and reveal"
          message={`${open.entryCount} ideas will appear on the Ideas board without names, in random order. Nobody can add to this round afterwards.`}
          onConfirm={() => void close(open)} onCancel={() => setConfirmClose(false)} />
      )}
      {closed.length > 0 && !open && (
        <p className="muted round-history">Earlier rounds: {closed.map((r) => `“${r.prompt}”`).join(', ')} — their ideas are on the Ideas board.</p>
      )}
    </div>
  );
}
