import type { Migration } from '../migrate';
import { migration0010 } from './0010-initial-schema';
import { migration0060 } from './0060-workshop';

/** Every migration, in order. Append only; never edit one that has landed. */
export const migrations: readonly Migration[] = [migration0010, migration0060];
