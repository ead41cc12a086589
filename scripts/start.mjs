// `npm start`: the desktop app when Electron's binary is available, otherwise browser mode.
// `npm start -- --browser` forces browser mode. Extra flags (--port, --data-dir, --no-open) go to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const outDir = path.join(root, process.env.KAIZEN_OUT_DIR || 'out');
const passThrough = args.filter((a) => a !== '--browser');

function ensureBuilt() {
  if (fs.existsSync(path.join(outDir, 'cli', 'index.cjs')) && fs.existsSync(path.join(outDir, 'renderer', 'index.html'))) return;
  console.log('Building Kaizen Studio (first start)…');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Electron's binary path, or null when it was never downloaded (no network at install time). */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const bin = path.join(dir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

/**
 * better-sqlite3 in node_modules is compiled for Node (tests, CLI, browser mode). Electron has another ABI,
 * so the first desktop start builds a copy for Electron into .cache/ with @electron/rebuild and hands its
 * path to main through KAIZEN_SQLITE_BINDING (better-sqlite3's nativeBinding option). node_modules is untouched.
 */
function electronSqliteBinding() {
  const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const cacheRoot = path.join(root, '.cache', `electron-${version}`);
  const binding = path.join(cacheRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;
  console.log(`Building the SQLite module for Electron ${version} (first desktop start, needs network for Electron headers)…`);
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  fs.mkdirSync(path.join(cacheRoot, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(cacheRoot, 'package.json'), JSON.stringify({ name: 'kaizen-electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), path.join(cacheRoot, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
  });
  const rebuild = path.join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
  const r = spawnSync(process.execPath, [rebuild, '--version', version, '--module-dir', cacheRoot, '--only', 'better-sqlite3', '--force'], { cwd: root, stdio: 'inherit' });
  return r.status === 0 && fs.existsSync(binding) ? binding : null;
}

function startBrowser(reason) {
  if (reason) console.log(reason);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'kaizen.cjs'), 'serve', ...passThrough], { cwd: root, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

ensureBuilt();
const bin = forceBrowser ? null : electronBinary();
if (forceBrowser) {
  startBrowser(null);
} else if (!bin) {
  startBrowser('Electron is not available on this machine (its binary was never downloaded); starting browser mode instead.');
} else {
  const binding = electronSqliteBinding();
  if (!binding) {
    startBrowser('Could not build the SQLite module for Electron (no network?); starting browser mode instead.');
  } else {
    const startedAt = Date.now();
    const child = spawn(bin, [path.join(outDir, 'main', 'index.cjs')], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KAIZEN_SQLITE_BINDING: binding },
    });
    child.on('error', () => startBrowser('Electron could not start; starting browser mode instead.'));
    child.on('exit', (code) => {
      // Exit 2: the data folder is held by another Kaizen Studio (the app said so); browser mode would be refused too.
      if (code !== 0 && code !== 2 && Date.now() - startedAt < 5000) startBrowser(`Electron could not start (exit ${code}); starting browser mode instead.`);
      else process.exit(code ?? 0);
    });
  }
}
