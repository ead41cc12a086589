import { z } from 'zod';

export const Id = z.string().min(1).max(64);
/** Calendar date as YYYY-MM-DD. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
/** Full ISO 8601 timestamp. */
export const IsoDateTime = z.string().min(10);
export const ShortText = z.string().max(500);
export const LongText = z.string().max(20_000);
export const ById = z.object({ id: Id });
export const ByEvent = z.object({ eventId: Id });
