import { useState } from 'react';
import { isAppError } from '../../../../common/contract/errors';
import { call, errorMessage } from '../../api/client';
import { useAppStore } from '../../store';

/** A question to put to the facilitator before stopping a timer that still runs for another item. */
export type StopQuestion = Readonly<{ message: string; confirm: () => Promise<void> }>;

const isRunningConflict = (e: unknown) =>
  isAppError(e) && e.code === 'CONFLICT' && (e.details as { reason?: string } | undefined)?.reason === 'timer-running';

/**
 * Moving to and starting agenda items through main's one current item (agenda-current / agenda-run), so the agenda,
 * the top-bar clock and the presenter agree. When main answers that another item is still running, `question`
 * holds its message until the facilitator confirms (the call is repeated with stopRunning) or cancels.
 */
export function useAgendaControl(eventId: string) {
  const bump = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const [question, setQuestion] = useState<StopQuestion | null>(null);
  const done = () => { bump('timer'); bump('agenda'); };
  const attempt = async (f: (stopRunning: boolean) => Promise<unknown>): Promise<boolean> => {
    try {
      await f(false);
      done();
      return true;
    } catch (e) {
      if (isRunningConflict(e)) {
        setQuestion({
          message: errorMessage(e),
          confirm: async () => {
            setQuestion(null);
            try {
              await f(true);
              done();
            } catch (again) {
              toast({ kind: 'error', message: errorMessage(again) });
            }
          },
        });
      } else {
        toast({ kind: 'error', message: errorMessage(e) });
      }
      return false;
    }
  };
  return {
    question,
    cancel: () => setQuestion(null),
    /** Makes the item current; the clock idles on its planned minutes. */
    goTo: (sessionId: string) => attempt((stopRunning) => call('agenda-current', { eventId, sessionId, stopRunning })),
    /** Starts the item and its clock (planned minutes unless `durationMs`). */
    run: (sessionId: string, durationMs?: number) =>
      attempt((stopRunning) => call('agenda-run', { id: sessionId, stopRunning, ...(durationMs !== undefined ? { durationMs } : {}) })),
  };
}
