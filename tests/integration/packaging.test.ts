import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';

// The packaging config cannot be exercised here (`npm run dist` needs network for the Electron binary), so this
// reads electron-builder.yml the way electron-builder does (YAML) and checks the security-relevant settings.
const root = path.resolve(__dirname, '..', '..');
type BuilderConfig = {
  asar?: boolean;
  asarUnpack?: string[];
  files?: string[];
  electronFuses?: Record<string, unknown>;
};
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('flips the Electron fuses: no run-as-node, no NODE_OPTIONS, no inspector, encrypted cookies, ASAR only and verified', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('uses only fuse names electron-builder knows (a misspelt fuse would be silently ignored)', () => {
    const scheme = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    for (const name of Object.keys(config.electronFuses ?? {})) expect(known, `unknown fuse "${name}"`).toContain(name);
  });

  it('packs the app into app.asar and keeps only the native SQLite module outside it', () => {
    // OnlyLoadAppFromAsar + ASAR integrity need an archive; better-sqlite3's .node must stay unpacked so the OS can
    // load it (Electron maps app.asar/node_modules/... to app.asar.unpacked/node_modules/...).
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
    // DuckDB's duckdb.node loads libduckdb.so from its own folder (RUNPATH $ORIGIN): the whole @duckdb packages.
    expect(config.asarUnpack).toContain('**/node_modules/@duckdb/**');
    for (const pattern of config.asarUnpack ?? []) expect(pattern).toMatch(/better-sqlite3|@duckdb|\.node$/);
  });
});
