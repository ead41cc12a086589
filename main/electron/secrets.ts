import fs from 'node:fs';
import path from 'node:path';
import type * as Electron from 'electron';
import { AppError } from '../../common/contract/errors';
import { renameDurable } from '../durableFs';
import { envSecretStore } from '../secretStore';
import type { SecretStore } from '../secretStore';

type SafeStorage = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<Electron.SafeStorage, 'getSelectedStorageBackend'>>;

/**
 * The desktop app's secret store: each password encrypted by Electron's safeStorage (its key lives in the OS keychain:
 * Keychain, DPAPI, libsecret/kwallet) and kept as base64 in `<dataDir>/secrets.json` (mode 0600), never in kaizen.db.
 * On Linux without a keyring safeStorage falls back to a key hard-coded in Chromium ('basic_text'): that is no
 * protection, so nothing is kept then and the message says to use KAIZEN_CLICKHOUSE_PASSWORD. The environment
 * variable answers whenever the keychain has nothing.
 */
export function safeStorageSecrets(safeStorage: SafeStorage, file: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const fallback = envSecretStore(env);
  const usable = () => safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  const read = (): Record<string, string> => {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const write = (all: Record<string, string>) => {
    // Owner-only from the first byte, flushed, then renamed over the old file (never a half-written file).
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.partial`;
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, JSON.stringify(all, null, 2));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    renameDurable(temp, file);
  };
  return {
    kind: 'keychain',
    async get(key) {
      const blob = read()[key];
      if (blob && usable()) {
        try {
          return safeStorage.decryptString(Buffer.from(blob, 'base64'));
        } catch {
          // Encrypted under another keychain (a copied data folder): ask again.
        }
      }
      return await fallback.get(key);
    },
    async set(key, value) {
      if (!usable()) {
        throw new AppError('UNSUPPORTED', 'This system has no OS keychain Kaizen Studio can use, so the password is not kept: set KAIZEN_CLICKHOUSE_PASSWORD in the environment instead.');
      }
      write({ ...read(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    async delete(key) {
      const all = read();
      if (!(key in all)) return;
      delete all[key];
      write(all);
    },
  };
}
