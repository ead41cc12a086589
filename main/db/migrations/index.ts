import type { Migration } from '../migrate';
import { migration0010 } from './0010-initial-schema';

/** Every migration, in order. Append only; never edit one that has landed. */
export const migrations: readonly Migration[] = [migration0010];
