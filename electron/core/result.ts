/**
 * Results, not exceptions, cross a boundary (DESIGN.md "The contract").
 * `code` is stable and machine-readable; `message` says what is wrong; `hint` says what to do.
 */
export type ErrorCode =
  | 'bad-input'
  | 'busy'
  | 'not-found'
  | 'no-free-port'
  | 'refused'
  | 'process-changed'
  | 'permission'
  | 'timeout'
  | 'failed'
  | 'unsupported';

export type BerthError = Readonly<{ code: ErrorCode; message: string; hint?: string }>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: BerthError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, hint?: string): Result<T> {
  return { ok: false, error: hint === undefined ? { code, message } : { code, message, hint } };
}

/** An error that carries a BerthError through internal async code; converted to a Result at the boundary. */
export class BerthFailure extends Error {
  readonly error: BerthError;
  constructor(error: BerthError) {
    super(error.message);
    this.error = error;
  }
}

export function toResult<T>(err: unknown): Result<T> {
  if (err instanceof BerthFailure) return { ok: false, error: err.error };
  const message = err instanceof Error ? err.message : String(err);
  return fail('failed', message);
}
