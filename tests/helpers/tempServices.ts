import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import type { Services, ServicesOptions } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import type { Method, Output } from '../../common/contract/api';

export function tempDir(prefix = 'kaizen-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestServices = Services & {
  dataDir: string;
  /** Typed call through dispatch (validation included); throws the AppError on failure. */
  call: <M extends Method>(method: M, input: unknown) => Promise<Output<M>>;
};

/** Real services on a real SQLite file in a fresh temp folder. Close it in afterEach. */
export async function tempServices(opts: Partial<ServicesOptions> = {}): Promise<TestServices> {
  const dataDir = opts.dataDir ?? tempDir();
  const s = await createServices({ logger: { error: () => undefined }, ...opts, dataDir });
  return { ...s, dataDir, call: (m, i) => invoke(s.dispatch, m, i) };
}

/** A fixed clock for deterministic timestamps. */
export function fixedClock(iso = '2026-11-20T09:00:00.000Z') {
  let t = new Date(iso).getTime();
  return { now: () => new Date((t += 1000)) };
}
