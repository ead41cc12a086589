import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { AppError } from '../../../common/contract/errors';
import type { Output } from '../../../common/contract/api';
import type { ServiceContext } from '../../context';
import * as repo from '../../db/repositories/lifecycle';
import { requireEvent } from '../lookups';

/** One output as a dvc.lock stage or a .dvc file lists it. */
export type DvcEntry = Readonly<{ stage: string | null; path: string; md5: string; size: number | null }>;

const MD5 = /^[0-9a-f]{32}(\.dir)?$/;

function outsOf(list: unknown, where: string, stage: string | null): DvcEntry[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new AppError('BAD_INPUT', `${where}: "outs" must be a list.`);
  return list.map((o, i) => {
    const r = (o ?? {}) as Record<string, unknown>;
    const md5 = typeof r.md5 === 'string' ? r.md5 : null;
    if (typeof r.path !== 'string' || r.path === '') throw new AppError('BAD_INPUT', `${where}: output ${i + 1} has no "path".`);
    if (!md5 || !MD5.test(md5)) throw new AppError('BAD_INPUT', `${where}: output "${r.path}" has no md5 (DVC records one after \`dvc add\` / \`dvc repro\`; got ${JSON.stringify(r.md5 ?? null)}).`);
    return { stage, path: r.path, md5, size: typeof r.size === 'number' ? r.size : null };
  });
}

/**
 * The outputs a `dvc.lock` (schema 2.0: `stages.<name>.outs[]`) or a `.dvc` file (`outs[]`) lists, each with its md5
 * as DVC records it (a directory's ends in ".dir") and size. Refuses what is not one of the two, naming the file.
 */
export function parseDvcFile(name: string, text: string): DvcEntry[] {
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (e) {
    throw new AppError('BAD_INPUT', `${name}: not valid YAML (${(e as Error).message.split('\n')[0]}).`);
  }
  if (!doc || typeof doc !== 'object') throw new AppError('BAD_INPUT', `${name}: expected a dvc.lock (stages:) or a .dvc file (outs:).`);
  const d = doc as Record<string, unknown>;
  if (d.stages && typeof d.stages === 'object') {
    return Object.entries(d.stages as Record<string, unknown>).flatMap(([stage, s]) => outsOf((s as Record<string, unknown> | null)?.outs, `${name}, stage "${stage}"`, stage));
  }
  if ('outs' in d) return outsOf(d.outs, name, null);
  throw new AppError('BAD_INPUT', `${name}: expected a dvc.lock (stages:) or a .dvc file (outs:); found keys ${Object.keys(d).join(', ') || 'none'}.`);
}

/**
 * md5 as DVC computes it for a file: DVC 3 hashes the bytes; DVC 2 (and a 3.x lock without `hash: md5`) hashed text
 * files with CRLF turned into LF ("dos2unix"). Both are tried, so either kind of lock matches its file.
 */
function md5Matches(bytes: Buffer, md5: string): boolean {
  if (crypto.createHash('md5').update(bytes).digest('hex') === md5) return true;
  if (!bytes.includes(0) && bytes.includes(13)) {
    const lf = Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    return crypto.createHash('md5').update(lf).digest('hex') === md5;
  }
  return false;
}

/** Where a file's content may be: beside the lock file, or in the DVC cache (3.x `files/md5/`, 2.x flat) of the repo. */
function candidates(lockDir: string, e: DvcEntry): string[] {
  const out = [path.resolve(lockDir, e.path)];
  for (let dir = lockDir; ; dir = path.dirname(dir)) {
    const cache = path.join(dir, '.dvc', 'cache');
    if (fs.existsSync(cache)) {
      out.push(path.join(cache, 'files', 'md5', e.md5.slice(0, 2), e.md5.slice(2)), path.join(cache, e.md5.slice(0, 2), e.md5.slice(2)));
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  return out;
}

/**
 * Registers a dvc.lock / .dvc file's outputs for the event. For each file output found with the md5 DVC recorded,
 * the SHA-256 of its bytes is kept: a dataset version imported from the same content (now or later) is linked to
 * it. A file that no longer matches its md5 is not linked, and the answer says so.
 */
export function registerDvc(ctx: ServiceContext, eventId: string, file: string): Output<'dvc-register'> {
  requireEvent(ctx, eventId);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('BAD_INPUT', `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  const name = path.basename(file);
  const entries = parseDvcFile(name, text);
  if (entries.length === 0) throw new AppError('BAD_INPUT', `${name} lists no outputs.`);
  const warnings: string[] = [];
  const at = ctx.nowIso();
  ctx.db.transaction(() => {
    for (const e of entries) {
      let sha256: string | null = null;
      if (!e.md5.endsWith('.dir')) {
        let found = false;
        for (const c of candidates(path.dirname(path.resolve(file)), e)) {
          if (!fs.existsSync(c) || !fs.statSync(c).isFile()) continue;
          found = true;
          const bytes = fs.readFileSync(c);
          if (md5Matches(bytes, e.md5)) {
            sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
            break;
          }
        }
        if (!found) warnings.push(`${e.path}: not found beside ${name} or in the DVC cache; registered without a content link.`);
        else if (!sha256) warnings.push(`${e.path}: the file differs from the md5 in ${name} (changed since DVC recorded it); not linked.`);
      } else warnings.push(`${e.path}: a directory output (${e.md5}); registered, its files are not linked one by one.`);
      repo.upsertDvcOutput(ctx.db, { id: ctx.newId(), eventId, sourceFile: name, stage: e.stage, path: e.path, md5: e.md5, size: e.size, sha256, registeredAt: at });
    }
  })();
  ctx.bus.emit('data-changed', { eventId, area: 'lifecycle' });
  return { registered: entries.length, outputs: repo.listDvcOutputs(ctx.db, eventId), warnings };
}
