/** Error codes that cross the process boundary. Stable: the CLI, the renderer and tests match on them. */
export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNSUPPORTED',
  'CANCELLED',
  'BAD_INPUT',
  'DB_NEWER',
  'DB_CORRUPT',
  /** A renderer or HTTP client asked for something only the user at the command line may do (a raw file path). */
  'FORBIDDEN',
  /** The disk holding the data folder is full; nothing already saved was lost. */
  'DISK_FULL',
  /** Another writer (a long import, another process) holds the store; try again in a moment. */
  'BUSY',
  /** The data folder or its store cannot be written (read-only medium, permission denied). */
  'READ_ONLY',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorPayload = Readonly<{ code: ErrorCode; message: string; details?: unknown }>;

export type Result<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: ErrorPayload }>;

/** An expected failure with a message meant for the user. Anything else becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} "${id}" was not found.`, { id });
}
