import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import type { LinkCandidate } from '../../../common/contract/schemas/sources';
import { detectFormat } from './duckdb/files';

/**
 * Where a window or a browser may link files from. The renderer never hands main a path (ARCHITECTURE.md), and a
 * linked file is read in place, so an upload (a copy) would defeat the point: instead the host offers the files in
 * ALLOWED folders — `<data folder>/linked-files/` and the folders the person starting the app named in
 * KAIZEN_LINK_DIRS (separated like PATH) — and the renderer answers with a folder index and a relative name. The
 * name is resolved with realpath and must stay inside its folder (no `..`, no absolute names, no symlink leading out),
 * so a page (or anything that reached the browser host) can link only what the user put there.
 */

const MAX_FILES = 500;
const MAX_DEPTH = 4;

export function linkFolders(dataDir: string): { index: number; label: string; path: string }[] {
  const own = path.join(dataDir, 'linked-files');
  fs.mkdirSync(own, { recursive: true });
  const extra = (process.env.KAIZEN_LINK_DIRS ?? '').split(path.delimiter).filter((p) => p.trim() !== '' && path.isAbsolute(p));
  return [own, ...extra].map((p, index) => ({ index, label: p, path: p }));
}

const linkable = (p: string): LinkCandidate['format'] | null => {
  try {
    return detectFormat(p);
  } catch {
    return null;
  }
};

/** Linkable files (and folders of Parquet) in the allowed folders, a few levels deep, at most 500. */
export function listCandidates(dataDir: string): { folders: { index: number; label: string }[]; files: LinkCandidate[] } {
  const folders = linkFolders(dataDir);
  const files: LinkCandidate[] = [];
  for (const f of folders) {
    const walk = (dir: string, depth: number) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (files.length >= MAX_FILES) return;
        const full = path.join(dir, e.name);
        const relative = path.relative(f.path, full);
        if (e.isDirectory()) {
          const hasParquet = fs.readdirSync(full).some((n) => n.endsWith('.parquet') || /^[^=]+=/.test(n));
          if (hasParquet && linkable(full) === 'parquet-folder') {
            files.push({ folder: f.index, relative, size: 0, format: 'parquet-folder' });
            continue;
          }
          if (depth < MAX_DEPTH) walk(full, depth + 1);
        } else if (e.isFile()) {
          const format = linkable(full);
          if (format) files.push({ folder: f.index, relative, size: fs.statSync(full).size, format });
        }
      }
    };
    walk(f.path, 0);
  }
  return { folders: folders.map(({ index, label }) => ({ index, label })), files };
}

/** The real path of `relative` inside allowed folder `folder`; FORBIDDEN when it leads outside. */
export function resolveChosen(dataDir: string, folder: number, relative: string): string {
  const f = linkFolders(dataDir)[folder];
  if (!f) throw new AppError('NOT_FOUND', `There is no allowed folder number ${folder}.`);
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) throw new AppError('FORBIDDEN', 'A linked file must be named inside its folder.');
  const root = fs.realpathSync(f.path);
  let real: string;
  try {
    real = fs.realpathSync(path.join(root, relative));
  } catch {
    throw new AppError('NOT_FOUND', `${relative} is not in ${f.label} (moved or deleted?).`);
  }
  if (real !== root && !real.startsWith(root + path.sep)) throw new AppError('FORBIDDEN', `${relative} leads outside ${f.label}; only files inside the allowed folders can be linked.`);
  return real;
}
