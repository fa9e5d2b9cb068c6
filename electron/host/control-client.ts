import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { BerthApi } from '../contract/api.js';
import { commandNames } from '../contract/api.js';
import type { Result } from '../core/result.js';

/** A BerthApi over the control socket (what the CLI uses to talk to a host). */
export type ControlClient = Readonly<{ api: BerthApi; close(): void }>;

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

function wrap(socket: Socket): ControlClient {
  let nextId = 1;
  const waiting = new Map<number, (r: Result<unknown>) => void>();
  const rl = createInterface({ input: socket });
  rl.on('line', (line) => {
    const msg = JSON.parse(line) as { id: number; result: Result<unknown> };
    waiting.get(msg.id)?.(msg.result);
    waiting.delete(msg.id);
  });
  const lost = (): void => {
    for (const w of waiting.values()) w({ ok: false, error: { code: 'failed', message: 'The Berth host closed the connection.' } });
    waiting.clear();
  };
  socket.on('close', lost);
  socket.on('error', lost);
  const api = {} as Record<string, (req: unknown) => Promise<Result<unknown>>>;
  for (const name of commandNames) {
    api[name] = (request: unknown) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        socket.write(`${JSON.stringify({ id, command: name, request })}\n`);
      });
  }
  return { api: api as unknown as BerthApi, close: () => socket.end() };
}
