import type { ServerResponse } from 'node:http';
import type { Transport } from '../contract/api.js';
import { eventNames, type EventName, type EventPayloads } from '../contract/events.js';
import { payloadBytes } from './event-json.js';

/** A comment line this often keeps proxies and idle-connection timers from closing the stream. */
export const HEARTBEAT_MS = 15_000;

export type EventStreamOptions = Readonly<{
  subscribe: Transport['subscribe'];
  /** An open page is a face watching: short polling while the stream stays open. */
  watch?: () => () => void;
  heartbeatMs?: number;
}>;

/**
 * GET /api/events: server-sent events, one per pushed event (`event: state|log|notice`, `data: JSON`).
 * The engine's `state` subscription starts with the current snapshot, so a page needs no separate
 * first call. Everything is released when the page goes away. Returns a function ending the stream.
 */
export function serveEventStream(
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
  options: EventStreamOptions,
): () => void {
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
  // EventSource reconnects by itself; 2 s keeps a restarted host's page from waiting long.
  res.write('retry: 2000\n\n');
  const send = <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    if (res.writableEnded || res.destroyed) return;
    // JSON never holds a raw newline, so the payload is always one `data:` line. Corked: one writev.
    res.cork();
    res.write(`event: ${event}\ndata: `);
    res.write(payloadBytes(event, payload));
    res.write('\n\n');
    res.uncork();
  };
  const offs = eventNames.map((event) => options.subscribe(event, (payload) => send(event, payload)));
  const release = options.watch?.();
  const heartbeat = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    for (const off of offs) off();
    release?.();
    if (!res.writableEnded) res.end();
  };
  res.once('close', end);
  return end;
}
