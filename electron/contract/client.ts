import type { Result } from './result.js';
import type { CommandName, CommandRequest, CommandResults, ValidRequest } from './commands.js';
import type { EventName, EventPayloads } from './events.js';
import { commandNames } from './names.js';

export { commandNames } from './names.js';

type Commands = { [N in CommandName]: (req: CommandRequest<N>) => Promise<Result<CommandResults[N]>> };
type Unsubscribe = () => void;

/**
 * What a face holds: one function per command (derived from the map), and `onX(cb) -> unsubscribe`
 * for every pushed event. Command names contain a dot, so they never collide with `onState` & co.
 * This module loads no zod: clients (the CLI, the preload) stay small; validation is the engine's.
 */
export type BerthApi = Commands &
  Readonly<{
    onState(listener: (s: EventPayloads['state']) => void): Unsubscribe;
    /** New lines of every instance, or only of one instance (`{ id }`) or one profile (`{ profile }`). */
    onLog(listener: (l: EventPayloads['log']) => void, only?: LogFilter): Unsubscribe;
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

/** Which log lines a subscriber wants: one instance, one profile's instances, or (absent) all. */
export type LogFilter = Readonly<{ id?: string; profile?: string }>;

export function matchesLog(l: Pick<EventPayloads['log'], 'id' | 'profile'>, only: LogFilter | undefined): boolean {
  return (
    !only || ((only.id === undefined || l.id === only.id) && (only.profile === undefined || l.profile === only.profile))
  );
}

/**
 * A way to reach an engine: in process, control socket, HTTP + SSE, Electron IPC. `only` (log events)
 * lets a transport send less over the wire; createApi filters again, so a transport may ignore it.
 */
export type Transport = Readonly<{
  call(name: CommandName, request: unknown): Promise<Result<unknown>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
    only?: LogFilter,
  ): Unsubscribe;
}>;

/** Commands answered by the port engine alone (no data dir). */
export type PortCommand = Extract<CommandName, `ports.${string}`>;
export const portCommandNames = commandNames.filter((n): n is PortCommand => n.startsWith('ports.'));
export type PortHandlers = Pick<Handlers, PortCommand>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (commandNames as readonly string[]).includes(name);
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
  api.onLog = (listener: (l: EventPayloads['log']) => void, only?: LogFilter) =>
    transport.subscribe('log', only ? (l) => matchesLog(l, only) && listener(l) : listener, only);
  api.onNotice = (listener: (n: EventPayloads['notice']) => void) => transport.subscribe('notice', listener);
  return api as BerthApi;
}
