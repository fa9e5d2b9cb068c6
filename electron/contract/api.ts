import { fail, ok, type Result } from './result.js';
import { formatIssues } from './issues.js';
import { commandSchemas, type CommandName, type CommandRequest, type CommandResults, type ValidRequest } from './commands.js';
import type { EventName, EventPayloads } from './events.js';

type Commands = { [N in CommandName]: (req: CommandRequest<N>) => Promise<Result<CommandResults[N]>> };
type Unsubscribe = () => void;

/**
 * What a face holds: one function per command (derived from the map), and `onX(cb) -> unsubscribe`
 * for every pushed event. Command names contain a dot, so they never collide with `onState` & co.
 */
export type BerthApi = Commands &
  Readonly<{
    onState(listener: (s: EventPayloads['state']) => void): Unsubscribe;
    onLog(listener: (l: EventPayloads['log']) => void): Unsubscribe;
    onNotice(listener: (n: EventPayloads['notice']) => void): Unsubscribe;
  }>;

/**
 * Input that has not been validated yet (a CLI flag, a form field): any value may stand in any field.
 * The dispatcher at the engine boundary validates it and names the field that is wrong.
 */
export type Unvalidated<T> = { [K in keyof T]?: unknown };
export type UncheckedApi = {
  [N in CommandName]: (req: Unvalidated<CommandRequest<N>>) => Promise<Result<CommandResults[N]>>;
};

/** The same API, typed for callers that pass unvalidated input (the CLI). No runtime difference. */
export function unchecked(api: BerthApi): UncheckedApi {
  return api as unknown as UncheckedApi;
}

/** What the engine implements: the same names, receiving validated requests. A missing one is a compile error. */
export type Handlers = { [N in CommandName]: (req: ValidRequest<N>) => Promise<Result<CommandResults[N]>> };

/** A way to reach an engine: in process, control socket, HTTP + SSE, Electron IPC. */
export type Transport = Readonly<{
  call(name: CommandName, request: unknown): Promise<Result<unknown>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe;
}>;

export const commandNames = Object.keys(commandSchemas) as CommandName[];

/** Commands answered by the port engine alone (no data dir). */
export type PortCommand = Extract<CommandName, `ports.${string}`>;
export const portCommandNames = commandNames.filter((n): n is PortCommand => n.startsWith('ports.'));
export type PortHandlers = Pick<Handlers, PortCommand>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, name);
}

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

/** Builds the typed API for any transport: no face writes per-command code or casts. */
export function createApi(transport: Transport): BerthApi {
  const api: Record<string, unknown> = {};
  for (const name of commandNames) api[name] = (req: unknown) => transport.call(name, req ?? {});
  let lastRev = 0;
  api.onState = (listener: (s: EventPayloads['state']) => void) =>
    transport.subscribe('state', (s) => {
      // Snapshots can overtake each other across reconnects: an older rev is never shown.
      if (s.rev < lastRev) return;
      lastRev = s.rev;
      listener(s);
    });
  api.onLog = (listener: (l: EventPayloads['log']) => void) => transport.subscribe('log', listener);
  api.onNotice = (listener: (n: EventPayloads['notice']) => void) => transport.subscribe('notice', listener);
  return api as BerthApi;
}
