import { AppError } from '../common/contract/errors';

/**
 * Where passwords for linked sources (a ClickHouse user's) are kept — never in kaizen.db, a log or an archive.
 * The desktop app's store is the OS keychain through Electron's safeStorage (main/electron/secrets.ts); the CLI and
 * browser mode only read environment variables (KAIZEN_CLICKHOUSE_PASSWORD). Keys name a server and a user
 * ('clickhouse:analyst@ch.example:8123'), never a password.
 */
export type SecretStore = Readonly<{
  /** 'keychain': kept encrypted with the OS keychain's key; 'env': read from the environment only. */
  kind: 'keychain' | 'env';
  get(key: string): Promise<string | null>;
  /** Keeps a secret (UNSUPPORTED where only the environment is read). */
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}>;

/** The environment variable holding ClickHouse passwords for the CLI and browser mode. */
export const CLICKHOUSE_PASSWORD_ENV = 'KAIZEN_CLICKHOUSE_PASSWORD';

/** Which environment variable answers a key (null: none does). */
export function envVariableFor(key: string): string | null {
  return key.startsWith('clickhouse:') ? CLICKHOUSE_PASSWORD_ENV : null;
}

/** The CLI's and browser mode's store: environment variables, read when asked (a change is seen at once). */
export function envSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  return {
    kind: 'env',
    async get(key) {
      const name = envVariableFor(key);
      const value = name ? env[name] : undefined;
      return value ? value : null;
    },
    async set() {
      throw new AppError(
        'UNSUPPORTED',
        `Passwords are not kept here (the command line and browser mode have no keychain): set ${CLICKHOUSE_PASSWORD_ENV} in the environment before starting kaizen.`,
      );
    },
    async delete() {
      // Nothing is kept.
    },
  };
}

/** The password for `key`, or a clear error saying how to give it. */
export async function requireSecret(store: SecretStore, key: string, what: string): Promise<string> {
  const value = await store.get(key);
  if (value !== null) return value;
  const env = envVariableFor(key);
  throw new AppError(
    'BAD_INPUT',
    store.kind === 'keychain'
      ? `${what} needs a password: enter it once and the desktop app keeps it in the OS keychain${env ? ` (or set ${env})` : ''}.`
      : `${what} needs a password: set ${env ?? 'the password variable'} in the environment (it is never stored by Kaizen Studio).`,
    { reason: 'password-needed', key },
  );
}
