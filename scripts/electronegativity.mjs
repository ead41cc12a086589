// Electron security gate (`npm run security:electron`, part of `npm test` after the build).
// Runs Electronegativity on the source (main/, preload/, renderer/) and on the built bundle (out/), and fails on
// every finding above LOW that .electronegativity-allow.json does not list with a reason. Electronegativity itself
// exits 0 whatever it finds, hence this wrapper.
//
//   node scripts/electronegativity.mjs                       source + bundle (needs `npm run build` first)
//   node scripts/electronegativity.mjs --source | --bundle   one of them
//   node scripts/electronegativity.mjs [--allow f.json] DIR… any folders (each scanned as one app)
// Exit 0: nothing blocking; 1: blocking findings or files it could not parse; 2: bad arguments or allow file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Module, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SEVERITY = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
/** Findings at or below this severity are printed but never block. */
export const GATE_ABOVE = 'LOW';
// AvailableSecurityFixesGlobalCheck downloads Electron's release list: the gate must work offline and give the same
// answer every day. Electron upgrades are tracked through package.json like every other dependency.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/**
 * Electronegativity fetches translations from the network at every run (1 s timeout). Answer that request
 * locally with "not found" so the gate never touches the network; the bundled en-US strings are used.
 */
function loadElectronegativity() {
  const main = require.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(main).resolve('got');
  if (!require.cache[gotPath]) {
    const offline = Object.assign(async () => ({ statusCode: 404, body: '' }), {
      head: async () => {
        throw new Error('offline');
      },
    });
    const stub = new Module(gotPath);
    stub.filename = gotPath;
    stub.loaded = true;
    stub.exports = offline;
    require.cache[gotPath] = stub;
  }
  const mod = require(main);
  return mod.default ?? mod;
}

function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
}

/** Copies the files Electronegativity reads into `dest`, skipping tests; `.cjs`/`.mjs` become `.js` (it skips them otherwise). */
function stage(from, dest, rel, renamed) {
  const stat = fs.statSync(from);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(from)) {
      if (name === 'node_modules') continue;
      stage(path.join(from, name), dest, path.join(rel, name), renamed);
    }
    return;
  }
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(rel) || !/\.([cm]?js|jsx|tsx?|html?)$/.test(rel)) return;
  const target = rel.replace(/\.[cm]js$/, '.js');
  if (target !== rel) renamed.set(target, rel);
  fs.mkdirSync(path.join(dest, path.dirname(target)), { recursive: true });
  fs.copyFileSync(from, path.join(dest, target));
}

/**
 * Scans `entries` (paths relative to `base`) as one app, so the global checks (navigation limits, permission
 * handler, CSP) see main, preload and renderer together. Findings name files relative to `base`.
 */
export async function scan(label, base, entries) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-electronegativity-'));
  const renamed = new Map();
  try {
    for (const e of entries) stage(path.join(base, e), dir, e, renamed);
    const run = loadElectronegativity();
    const result = await run(
      { input: dir, isRelative: true, excludeFromScan: EXCLUDED_CHECKS, electronVersionOverride: electronVersion() },
      false,
    );
    const name = (f) => (f === 'N/A' ? `(${label})` : (renamed.get(f) ?? f).split(path.sep).join('/'));
    const findings = result.issues.map((i) => ({
      check: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: name(i.file),
      line: i.location.line,
      column: i.location.column,
      description: String(i.description ?? '').split('\n')[0],
      manualReview: Boolean(i.manualReview),
    }));
    const unparsed = result.errors
      .filter((e) => !e.tolerable)
      .map((e) => ({ file: name(path.relative(dir, e.file)), message: e.message }));
    return { label, findings, unparsed };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads the allow file: a JSON array of {check, file, reason}; every entry needs a reason a reviewer can judge. */
export function loadAllowList(file) {
  if (!fs.existsSync(file)) return [];
  const list = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON array of {check, file, reason}`);
  list.forEach((e, i) => {
    for (const key of ['check', 'file', 'reason']) {
      if (typeof e?.[key] !== 'string' || e[key].trim() === '') {
        throw new Error(`${file}: entry ${i + 1} needs a non-empty "${key}" (every allowed finding says why it is safe)`);
      }
    }
  });
  return list;
}

/** Splits findings into blocking (above LOW, not allowed) and the rest; lists allow entries nothing matched. */
export function applyGate(findings, allow) {
  const used = new Set();
  const blocking = [];
  const allowed = [];
  for (const f of findings) {
    if (SEVERITY[f.severity] <= SEVERITY[GATE_ABOVE]) continue;
    const i = allow.findIndex((a) => a.check === f.check && a.file === f.file);
    if (i >= 0) {
      used.add(i);
      allowed.push({ ...f, reason: allow[i].reason });
    } else blocking.push(f);
  }
  return { blocking, allowed, unused: allow.filter((_, i) => !used.has(i)) };
}

const SOURCE = ['main', 'preload', 'renderer/index.html', 'renderer/src'];
const BUNDLE = ['out/main', 'out/preload', 'out/renderer', 'out/workers'];

function parseArgs(argv) {
  const opts = { allow: path.join(root, '.electronegativity-allow.json'), source: false, bundle: false, dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--allow') opts.allow = path.resolve(argv[++i] ?? '');
    else if (a === '--source') opts.source = true;
    else if (a === '--bundle') opts.bundle = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.dirs.push(path.resolve(a));
  }
  if (!opts.source && !opts.bundle && opts.dirs.length === 0) opts.source = opts.bundle = true;
  return opts;
}

async function main() {
  let opts;
  let allow;
  try {
    opts = parseArgs(process.argv.slice(2));
    allow = loadAllowList(opts.allow);
  } catch (e) {
    console.error(`electronegativity gate: ${e.message}`);
    return 2;
  }
  const scans = [];
  if (opts.source) scans.push(['source', root, SOURCE]);
  if (opts.bundle) {
    const missing = BUNDLE.filter((d) => !fs.existsSync(path.join(root, d)));
    if (missing.length > 0) {
      console.error(`electronegativity gate: ${missing.join(', ')} not found; run \`npm run build\` first.`);
      return 2;
    }
    scans.push(['bundle', root, BUNDLE]);
  }
  for (const d of opts.dirs) scans.push([path.basename(d), d, ['.']]);

  const all = [];
  let unparsed = 0;
  for (const [label, base, entries] of scans) {
    const r = await scan(label, base, entries);
    all.push(...r.findings);
    for (const u of r.unparsed) {
      unparsed++;
      console.error(`  could not parse ${u.file} (${label}): ${u.message} — its checks did not run`);
    }
    const above = r.findings.filter((f) => SEVERITY[f.severity] > SEVERITY[GATE_ABOVE]).length;
    console.log(`electronegativity ${label}: ${r.findings.length} finding(s), ${above} above ${GATE_ABOVE}`);
  }
  const { blocking, allowed, unused } = applyGate(all, allow);
  const where = (f) => `${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.line}:${f.column}`;
  for (const f of all.filter((x) => SEVERITY[x.severity] <= SEVERITY[GATE_ABOVE])) console.log(`  ${f.severity.toLowerCase().padEnd(8)} ${where(f)} — ${f.description}`);
  for (const f of allowed) console.log(`  allowed  ${where(f)} — ${f.reason}`);
  for (const f of blocking) console.error(`  BLOCKING ${where(f)} — ${f.description}`);
  if (opts.source && opts.bundle) for (const a of unused) console.warn(`  note: allow entry ${a.check} ${a.file} matched nothing; remove it`);
  if (blocking.length > 0 || unparsed > 0) {
    console.error(
      `electronegativity gate: failed (${blocking.length} finding(s) above ${GATE_ABOVE} not in ${path.relative(root, opts.allow) || opts.allow}` +
        `${unparsed ? `, ${unparsed} file(s) not parsed` : ''}). Fix them, or allow-list each with a reason.`,
    );
    return 1;
  }
  console.log('electronegativity gate: passed');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
