import type { PushEvent, PushEventName, PushEventPayload } from '../common/contract/events';

export type PushListener = (event: PushEvent) => void;

/** Fan-out of push events to every transport (IPC windows, SSE clients, CLI progress). */
export class EventBus {
  private readonly listeners = new Set<PushListener>();

  on(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<N extends PushEventName>(name: N, payload: PushEventPayload<N>): void {
    const event = { name, payload } as PushEvent;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // One broken listener (a closed SSE socket) must not stop the others.
      }
    }
  }
}
