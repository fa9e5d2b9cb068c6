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
  | 'unsupported'
  | 'unavailable';

export type BerthError = Readonly<{ code: ErrorCode; message: string; hint?: string }>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: BerthError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, hint?: string): Result<T> {
  return { ok: false, error: hint === undefined ? { code, message } : { code, message, hint } };
}
