import { fail, type BerthError, type Result } from '../contract/result.js';

export { ok, fail, type BerthError, type ErrorCode, type Result } from '../contract/result.js';

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
