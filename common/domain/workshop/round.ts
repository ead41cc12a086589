/**
 * Pass-the-laptop round state machine. A round is open or closed; while open, the laptop is either in
 * 'handover' (blank screen: nothing of the previous participant is shown) or 'entering' (the current
 * participant sees and edits only their own entries).
 *
 *   handover --begin--> entering --pass--> handover (participant + 1)
 *   open --close--> closed (from either phase)
 */
export type RoundState = Readonly<{ status: 'open' | 'closed'; phase: 'handover' | 'entering'; participant: number }>;
export type RoundAction = 'begin' | 'add' | 'pass' | 'close';

export type Transition = Readonly<{ ok: true; next: RoundState }> | Readonly<{ ok: false; reason: string }>;

export function roundTransition(s: RoundState, action: RoundAction): Transition {
  if (s.status === 'closed') return { ok: false, reason: 'This round is closed; its ideas are on the Ideas board.' };
  switch (action) {
    case 'begin':
      return s.phase === 'entering'
        ? { ok: false, reason: `Participant ${s.participant} is still entering ideas; pass the laptop first.` }
        : { ok: true, next: { ...s, phase: 'entering' } };
    case 'add':
      return s.phase === 'entering'
        ? { ok: true, next: s }
        : { ok: false, reason: 'Nobody is entering ideas right now; the next participant must start their turn first.' };
    case 'pass':
      return s.phase === 'entering'
        ? { ok: true, next: { status: 'open', phase: 'handover', participant: s.participant + 1 } }
        : { ok: false, reason: 'The laptop is already waiting for the next participant.' };
    case 'close':
      return { ok: true, next: { ...s, status: 'closed', phase: 'handover' } };
  }
}

/** Fisher–Yates shuffle with an injectable random source, so closing a round hides who wrote what. */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
