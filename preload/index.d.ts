import type { Result } from '../common/contract/errors';
import type { PushEvent } from '../common/contract/events';

export type KaizenBridge = Readonly<{
  invoke: (method: string, input: unknown) => Promise<Result<unknown>>;
  on: (listener: (event: PushEvent) => void) => () => void;
}>;

declare global {
  interface Window {
    kaizen?: KaizenBridge;
  }
}
