import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import type { Dispatch, Transport } from '../contract/api.js';
import { isEventName, type EventName } from '../contract/events.js';
import { readLines } from './line-reader.js';
import { payloadBytes } from './event-json.js';

/**
 * Newline-delimited JSON over the control socket (0600 in the data dir; a named pipe on Windows).
 * - call:        {"id", "command", "request"}  ->  {"id", "result"}   (result is the contract's Result)
 * - subscribe:   {"id", "subscribe": "state" | "log" | "notice"}  ->  {"id", "result"}, then {"event", "payload"}…
 *                 a log subscription may carry "only": {"ids": [...], "profiles": [...]} (sent again to change it;
 *                 without it, every instance's lines)
 * - unsubscribe: {"id", "unsubscribe": EVENT}
 * Every command goes through the engine's dispatcher; nothing is handled here by name.
 */
export type ControlServer = Readonly<{ server: Server; close(): Promise<void> }>;

export type ControlServerOptions = Readonly<{
  dispatch: Dispatch;
  subscribe: Transport['subscribe'];
  /** A client subscribed to `state` is a face watching: short polling while it stays. */
  watch?: () => () => void;
}>;

export async function startControlServer(path: string, options: ControlServerOptions): Promise<ControlServer> {
  if (process.platform !== 'win32' && existsSync(path)) unlinkSync(path); // we hold the host lock: it is stale
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serve(socket, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return {
    server,
    // server.close() alone waits for every client to hang up; a closing host ends them itself.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

const error = (message: string) => ({ ok: false, error: { code: 'bad-input', message } });

function serve(socket: Socket, options: ControlServerOptions): void {
  const subscriptions = new Map<EventName, () => void>();
  let logFilter: LogWireFilter | null = null;
  const send = (msg: unknown): void => {
    if (socket.writable) socket.write(`${JSON.stringify(msg)}\n`);
  };
  socket.on('error', () => {});
  socket.once('close', () => {
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  });
  readLines(
    socket,
    (line) => handle(line),
    () => {
      send({ id: null, result: error('request line is longer than 1 MiB; connection closed') });
      socket.end();
      socket.destroy();
    },
  );

  function handle(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return send({ id: null, result: error('request is not JSON') });
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
      return send({ id: null, result: error('request must be a JSON object') });
    const req = msg as Record<string, unknown>;
    const id = typeof req.id === 'number' || typeof req.id === 'string' ? req.id : null;
    if ('subscribe' in req) return subscribe(id, req.subscribe, req.only);
    if ('unsubscribe' in req) {
      const event = req.unsubscribe;
      if (isEventName(event)) subscriptions.get(event)?.();
      if (isEventName(event)) subscriptions.delete(event);
      return send({ id, result: { ok: true, value: { unsubscribed: event } } });
    }
    options.dispatch(req.command, req.request).then(
      (result) => send({ id, result }),
      (err: unknown) => send({ id, result: { ok: false, error: { code: 'failed', message: String(err) } } }),
    );
  }

  function subscribe(id: string | number | null, event: unknown, only: unknown): void {
    if (!isEventName(event))
      return send({ id, result: error(`unknown event ${JSON.stringify(event)}; events: state, log, notice`) });
    if (event === 'log') logFilter = readLogFilter(only);
    if (!subscriptions.has(event)) {
      const off = options.subscribe(event, (payload) => {
        if (event === 'log' && !passes(logFilter, payload as { id: string; profile: string })) return;
        if (!socket.writable) return;
        // The payload's bytes are built once for every face (event-json.ts); corked: one writev.
        socket.cork();
        socket.write(`{"event":${JSON.stringify(event)},"payload":`);
        socket.write(payloadBytes(event, payload));
        socket.write('}\n');
        socket.uncork();
      });
      const release = event === 'state' ? options.watch?.() : undefined;
      subscriptions.set(event, () => {
        off();
        release?.();
      });
    }
    send({ id, result: { ok: true, value: { subscribed: event } } });
  }
}

/** Which instances' lines a connection wants (null: all). Anything malformed means all. */
type LogWireFilter = Readonly<{ ids: ReadonlySet<string>; profiles: ReadonlySet<string> }>;

function readLogFilter(only: unknown): LogWireFilter | null {
  if (typeof only !== 'object' || only === null) return null;
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 1000) : [];
  const o = only as { ids?: unknown; profiles?: unknown };
  return { ids: new Set(strings(o.ids)), profiles: new Set(strings(o.profiles)) };
}

function passes(f: LogWireFilter | null, l: { id: string; profile: string }): boolean {
  return f === null || f.ids.has(l.id) || f.profiles.has(l.profile);
}
