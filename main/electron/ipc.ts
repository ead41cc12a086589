import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Dispatch } from '../dispatch';
import type { EventBus } from '../eventBus';

export const INVOKE_CHANNEL = 'app:invoke';
export const EVENT_CHANNEL = 'app:event';

/** Only our own top-level frame, loaded from the app's file URL, may call the contract. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** One invoke handler for the whole contract, routed to dispatch; one push channel to every window. */
export function registerIpc(
  ipcMain: IpcMain,
  dispatch: Dispatch,
  isTrustedSender: SenderCheck,
): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Calls are accepted only from the Kaizen Studio window.' } };
    }
    return dispatch(String(method), input, { origin: 'renderer' });
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

export function forwardEvents(bus: EventBus, targets: () => WebContents[]): () => void {
  return bus.on((e) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, e);
  });
}
