import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSecretStore, requireSecret } from '../secretStore';
import { safeStorageSecrets } from './secrets';

/** A stand-in for Electron's safeStorage: "encrypts" by XOR with a key that only this keychain holds. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string; key?: number } = {}) {
  const k = opts.key ?? 0x5a;
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => (opts.backend ?? 'gnome_libsecret') as 'gnome_libsecret',
    encryptString: (s: string) => Buffer.concat([Buffer.from('v10'), Buffer.from(Buffer.from(s, 'utf8').map((b: number) => b ^ k))]),
    decryptString: (b: Buffer) => {
      if (b.subarray(0, 3).toString() !== 'v10' || k !== (opts.key ?? 0x5a)) throw new Error('bad');
      const body = Buffer.from(b.subarray(3).map((x: number) => x ^ k));
      if (!body.toString('utf8').startsWith('pw-')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return body.toString('utf8');
    },
  };
}

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-secrets-'));

describe('secret store', () => {
  it('keychain: keeps a password encrypted in secrets.json (owner-only), never in clear', async () => {
    const file = path.join(dir(), 'secrets.json');
    const store = safeStorageSecrets(fakeSafeStorage(), file, {});
    expect(await store.get('clickhouse:analyst@ch:8123')).toBeNull();
    await store.set('clickhouse:analyst@ch:8123', 'pw-s3cret');
    expect(await store.get('clickhouse:analyst@ch:8123')).toBe('pw-s3cret');
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).not.toContain('pw-s3cret');
    expect(raw).not.toContain(Buffer.from('pw-s3cret').toString('base64'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await store.delete('clickhouse:analyst@ch:8123');
    expect(await store.get('clickhouse:analyst@ch:8123')).toBeNull();
  });

  it('keychain: refuses to keep anything under Chromium’s hard-coded Linux key, and falls back to the environment', async () => {
    const file = path.join(dir(), 'secrets.json');
    const store = safeStorageSecrets(fakeSafeStorage({ backend: 'basic_text' }), file, { KAIZEN_CLICKHOUSE_PASSWORD: 'pw-env' });
    await expect(store.set('clickhouse:a@h:1', 'pw-x')).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('KAIZEN_CLICKHOUSE_PASSWORD') });
    expect(fs.existsSync(file)).toBe(false);
    expect(await store.get('clickhouse:a@h:1')).toBe('pw-env');
    const none = safeStorageSecrets(fakeSafeStorage({ available: false }), file, {});
    await expect(none.set('clickhouse:a@h:1', 'pw-x')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('keychain: a blob another keychain encrypted (a copied data folder) is not readable: asked again', async () => {
    const file = path.join(dir(), 'secrets.json');
    await safeStorageSecrets(fakeSafeStorage({ key: 0x11 }), file, {}).set('clickhouse:a@h:1', 'pw-one');
    expect(await safeStorageSecrets(fakeSafeStorage({ key: 0x22 }), file, {}).get('clickhouse:a@h:1')).toBeNull();
  });

  it('CLI and browser mode: only KAIZEN_CLICKHOUSE_PASSWORD, never kept', async () => {
    const store = envSecretStore({ KAIZEN_CLICKHOUSE_PASSWORD: 'pw-env' });
    expect(await store.get('clickhouse:a@h:1')).toBe('pw-env');
    expect(await store.get('other:thing')).toBeNull();
    await expect(store.set('clickhouse:a@h:1', 'x')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(requireSecret(envSecretStore({}), 'clickhouse:a@h:1', 'ClickHouse at http://h:1')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'ClickHouse at http://h:1 needs a password: set KAIZEN_CLICKHOUSE_PASSWORD in the environment (it is never stored by Kaizen Studio).',
    });
  });
});
