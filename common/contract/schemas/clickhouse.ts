import { z } from 'zod';
import { method } from './define';
import { Id } from './common';
import { ColumnTypeSchema } from './datasets';

/**
 * Linked ClickHouse tables (main/services/sources/clickhouse): link one as a dataset, and give the desktop app a
 * user's password to keep in the OS keychain. A link is `clickhouse://user@host:port/database/table` (no password:
 * one in the URL is refused). The password crosses the contract only here, is checked against the server before it
 * is kept, and is never stored in kaizen.db, logged or answered back.
 */
const ClickHouseUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^clickhouse(\+https)?:\/\//, 'must be a clickhouse://user@host:port/database/table link');

export const ClickHouseLinked = z.object({
  datasetId: Id,
  versionId: Id,
  source: z.literal('clickhouse'),
  format: z.literal('clickhouse'),
  location: z.string(),
  convertedFrom: z.null(),
  rows: z.number().int(),
  columns: z.array(z.object({ name: z.string(), type: ColumnTypeSchema, nativeType: z.string() })),
  fingerprint: z.object({ value: z.string(), parts: z.record(z.string(), z.union([z.string(), z.number()])) }),
});

export const clickhouseMethods = {
  /** Links the table to the event as a new dataset; the password comes from the keychain or KAIZEN_CLICKHOUSE_PASSWORD. */
  'clickhouse-link': method(z.object({ eventId: Id, url: ClickHouseUrl, name: z.string().trim().min(1).max(200).optional() }), ClickHouseLinked),
  /** After the table changed (rows added): a new version and the link's new fingerprint; earlier results are kept. */
  'clickhouse-relink': method(z.object({ datasetId: Id }), ClickHouseLinked),
  /**
   * Keeps a user's password in the OS keychain after the server accepted it (desktop app). Browser mode and the CLI
   * answer UNSUPPORTED: there the password is read from KAIZEN_CLICKHOUSE_PASSWORD.
   */
  'clickhouse-password-set': method(z.object({ url: ClickHouseUrl, password: z.string().min(1).max(1000) }), z.object({ kept: z.literal(true) })),
  /** Forgets the kept password of the link's server and user (nothing to forget is not an error). */
  'clickhouse-password-forget': method(z.object({ url: ClickHouseUrl }), z.object({})),
} as const;
