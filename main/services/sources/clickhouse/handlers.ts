import type { clickhouseMethods } from '../../../../common/contract/schemas/clickhouse';
import type { ServiceContext } from '../../../context';
import type { Handlers } from '../../../handlers';
import { parseClickHouseUrl, secretKey } from './config';
import { linkClickHouse, secretsOf } from './link';
import { createClickHouseSource } from './source';

/** clickhouse-* methods: link a table; keep or forget a password in the desktop app's keychain (checked first). */
export function clickhouseHandlers(ctx: ServiceContext): Handlers<keyof typeof clickhouseMethods> {
  return {
    'clickhouse-link': async (input, call) => {
      const r = await linkClickHouse(ctx, input, call?.signal);
      return { ...r, columns: [...r.columns], fingerprint: { value: r.fingerprint.value, parts: { ...r.fingerprint.parts } } };
    },
    'clickhouse-password-set': async ({ url, password }, call) => {
      const config = parseClickHouseUrl(url);
      const secrets = secretsOf(ctx);
      // Without a keychain (CLI, browser mode) set() refuses with UNSUPPORTED, naming the environment variable: say so
      // before the server is even asked.
      if (secrets.kind !== 'keychain') await secrets.set(secretKey(config), password);
      // The server must accept it before it is kept: a typo is refused now, not at the next chart.
      const probe = createClickHouseSource({ config, password: async () => password });
      try {
        await probe.schema(call?.signal);
      } finally {
        await probe.close();
      }
      await secrets.set(secretKey(config), password);
      return { kept: true as const };
    },
    'clickhouse-password-forget': async ({ url }) => {
      await secretsOf(ctx).delete(secretKey(parseClickHouseUrl(url)));
      return {};
    },
  };
}
