import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../reports/atomicWrite';

const Bounds = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(10_000),
  height: z.number().int().min(480).max(10_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof Bounds>;

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 800, maximized: false };

/** Remembered window size and position, in window-state.json in the data folder; bad files fall back to defaults. */
export function loadWindowState(dataDir: string): WindowState {
  try {
    return Bounds.parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'window-state.json'), 'utf8')));
  } catch {
    return DEFAULT_WINDOW;
  }
}

export function saveWindowState(dataDir: string, state: WindowState): void {
  const file = path.join(dataDir, 'window-state.json');
  writeFileAtomic(file, Buffer.from(JSON.stringify(state)));
}
