import { fail, ok, type Result } from './result.js';
import { formatIssues } from './issues.js';
import { commandSchemas, type CommandName, type ValidRequest } from './commands.js';
import { isCommandName, type Handlers } from './client.js';

export * from './client.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Validation at the boundary: one clear line per problem, naming the field. */
export function validateRequest<N extends CommandName>(name: N, input: unknown): Result<ValidRequest<N>> {
  const value = input === undefined ? {} : input;
  if (!isPlainObject(value)) return fail('bad-input', `request: must be an object, got ${describe(value)}`);
  const parsed = commandSchemas[name].safeParse(value);
  if (parsed.success) return ok(parsed.data as ValidRequest<N>);
  return fail('bad-input', formatIssues(parsed.error));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

export type Dispatch = (name: unknown, request: unknown) => Promise<Result<unknown>>;

/**
 * The one boundary every transport ends in: unknown names and invalid requests are refused here,
 * and a handler that throws becomes a failed Result (nothing crosses as an exception).
 */
export function createDispatcher(handlers: Partial<Handlers>): Dispatch {
  return async (name, request) => {
    if (!isCommandName(name) || handlers[name] === undefined) {
      const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : describe(name);
      return fail('bad-input', `unknown command ${shown}`, `Commands: ${Object.keys(handlers).join(', ')}`);
    }
    const valid = validateRequest(name, request);
    if (!valid.ok) return valid;
    try {
      return await (handlers[name] as (r: unknown) => Promise<Result<unknown>>)(valid.value);
    } catch (err) {
      const carried = (err as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      if (carried && typeof carried.code === 'string' && typeof carried.message === 'string') {
        return { ok: false, error: carried as Result<never> extends { ok: false; error: infer E } ? E : never };
      }
      return fail('failed', err instanceof Error ? err.message : String(err));
    }
  };
}
