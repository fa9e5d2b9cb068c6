import { connect, type Socket } from 'node:net';
import { createApi, type BerthApi, type LogFilter, type Transport } from '../contract/client.js';
import type { EventName, EventPayloads } from '../contract/events.js';
import type { Result } from '../contract/result.js';
import { readLines } from './line-reader.js';

/** A Transport over the control socket (the CLI and an attaching Electron shell use it). */
export type ControlClient = Readonly<{
  api: BerthApi;
  transport: Transport;
  /** Called once when the host goes away (closed socket). */
  onClose(listener: () => void): () => void;
  close(): void;
}>;

export function connectControl(path: string): Promise<ControlClient> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(path);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(wrap(socket));
    });
  });
}

type Message = { id?: number | null; result?: Result<unknown>; event?: EventName; payload?: unknown };

function wrap(socket: Socket): ControlClient {
  let nextId = 1;
  let closed = false;
  const waiting = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const closeListeners = new Set<() => void>();
  readLines(
    socket,
    (line) => {
      let msg: Message;
      try {
        msg = JSON.parse(line) as Message;
      } catch {
        return;
      }
      if (msg.event !== undefined) {
        for (const l of [...(listeners.get(msg.event) ?? [])]) l(msg.payload);
        return;
      }
      if (typeof msg.id === 'number' && msg.result) {
        waiting.get(msg.id)?.(msg.result);
        waiting.delete(msg.id);
      }
    },
    () => socket.destroy(),
    // Snapshots with thousands of listeners are large; the host is trusted, the bound only guards memory.
    64 * 1024 * 1024,
  );
  const lost = (): void => {
    if (closed) return;
    closed = true;
    for (const w of waiting.values())
      w({ ok: false, error: { code: 'failed', message: 'The Berth host closed the connection.' } });
    waiting.clear();
    for (const l of closeListeners) l();
  };
  socket.on('close', lost);
  socket.on('error', lost);

  const send = (msg: Record<string, unknown>): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      if (closed)
        return resolve({ ok: false, error: { code: 'failed', message: 'The Berth host closed the connection.' } });
      const id = nextId++;
      waiting.set(id, resolve);
      socket.write(`${JSON.stringify({ id, ...msg })}\n`);
    });

  // The host sends the lines the listeners of this connection want together: all if one wants all.
  const logFilters = new Map<(p: unknown) => void, LogFilter | undefined>();
  let sentLogFilter = '';
  const sendLogFilter = (first: boolean): void => {
    const wanted = [...logFilters.values()];
    const only = wanted.some((f) => f === undefined || (f.id === undefined && f.profile === undefined))
      ? undefined
      : {
          ids: [...new Set(wanted.flatMap((f) => (f?.id !== undefined ? [f.id] : [])))],
          profiles: [...new Set(wanted.flatMap((f) => (f?.profile !== undefined ? [f.profile] : [])))],
        };
    const key = JSON.stringify(only ?? null);
    if (!first && key === sentLogFilter) return;
    sentLogFilter = key;
    void send(only ? { subscribe: 'log', only } : { subscribe: 'log' });
  };

  const transport: Transport = {
    call: (command, request) => send({ command, request }),
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void, only?: LogFilter) {
      let set = listeners.get(event);
      const first = !set;
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const l = listener as (p: unknown) => void;
      set.add(l);
      if (event === 'log') {
        logFilters.set(l, only);
        sendLogFilter(first);
      } else if (first) void send({ subscribe: event });
      return () => {
        set.delete(l);
        logFilters.delete(l);
        if (set.size === 0 && listeners.get(event) === set) {
          listeners.delete(event);
          if (!closed) void send({ unsubscribe: event });
        } else if (event === 'log' && !closed) sendLogFilter(false);
      };
    },
  };
  return {
    api: createApi(transport),
    transport,
    onClose(l) {
      closeListeners.add(l);
      return () => void closeListeners.delete(l);
    },
    close: () => {
      socket.end();
      // A socket with subscriptions would keep the process alive until the host hangs up.
      socket.unref();
    },
  };
}
