import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../../common/contract/errors';
import { DomainInputError } from '../../common/domain/errors';

/** Exit codes every command keeps: 0 ok, 1 completed with findings (e.g. --strict rejections), 2 bad input. */
export const EXIT = { ok: 0, findings: 1, badInput: 2 } as const;

export type Io = Readonly<{
  out: (text: string) => void;
  err: (text: string) => void;
}>;

export type Command = Readonly<{
  name: string;
  summary: string;
  usage: string;
  run: (argv: string[], io: Io) => Promise<number>;
}>;

/** A user mistake on the command line: printed as one line, exit 2. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required.`);
  return value;
}

export function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} must be a number (got "${value}").`);
  return n;
}

/** Runs a command body, turning usage and app errors into a message and exit 2. */
export async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError || e instanceof AppError || e instanceof DomainInputError) {
      io.err(`kaizen: ${e.message}`);
      return EXIT.badInput;
    }
    throw e;
  }
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
