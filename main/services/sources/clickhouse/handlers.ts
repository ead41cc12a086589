import type { clickhouseMethods } from '../../../../common/contract/schemas/clickhouse';
import type { ServiceContext } from '../../../context';
import type { Handlers } from '../../../handlers';
import { parseClickHouseUrl, secretKey } from './config';
import { linkClickHouse, relinkClickHouse, secretsOf } from './link';
import type { ClickHouseLinkResult } from './link';
import { createClickHouseSource } from './source';

/** The contract's (mutable) shape of a link result. */
const plain = (r: ClickHouseLinkResult) => ({ ...r, columns: [...r.columns], fingerprint: { value: r.fingerprint.value, parts: { ...r.fingerprint.parts } } });

/** clickhouse-* methods: link a table; keep or forget a password in the desktop app's keychain (checked first). */
export function clickhouseHandlers(ctx: ServiceContext): Handlers<keyof typeof clickhouseMethods> {
  return {
    'clickhouse-link': async (input, call) => plain(await linkClickHouse(ctx, input, call?.signal)),
    'clickhouse-relink': async ({ datasetId }, call) => plain(await relinkClickHouse(ctx, datasetId, call?.signal)),
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
