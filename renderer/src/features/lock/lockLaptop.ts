import { call, errorMessage } from '../../api/client';
import { useAppStore } from '../../store';

/**
 * After a round or a ballot starts on the laptop: locks it on the participant screen (main keeps the lock; only the
 * facilitator's passphrase ends it). When it cannot lock (no facilitator chosen, no passphrase yet) the round still
 * runs, unlocked, and the facilitator is told why.
 */
export async function lockLaptop(eventId: string, kind: 'round' | 'vote', id: string): Promise<void> {
  const { bumpData, toast } = useAppStore.getState();
  try {
    await call('lock-enter', { eventId, kind, id });
    bumpData('lock');
  } catch (e) {
    toast({ kind: 'error', message: `Started without locking the laptop: ${errorMessage(e)}` });
  }
}
