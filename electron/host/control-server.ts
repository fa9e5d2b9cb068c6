import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BerthApi } from '../contract/api.js';
import { isCommandName } from '../contract/api.js';

/**
 * Newline-delimited JSON over the control socket. Request: {"id", "command", "request"}; response:
 * {"id", "result"} where result is the contract's Result. Adapters loop over the contract: no
 * command is handled here by name.
 */
export type ControlRequest = { id: number; command: string; request?: unknown };

export type ControlServer = Readonly<{ server: Server; close(): Promise<void> }>;

export async function startControlServer(path: string, api: BerthApi): Promise<ControlServer> {
  if (process.platform !== 'win32' && existsSync(path)) unlinkSync(path); // we hold the host lock: it is stale
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serve(socket, api);
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

function serve(socket: Socket, api: BerthApi): void {
  socket.on('error', () => {});
  const rl = createInterface({ input: socket });
  rl.on('line', (line) => {
    let req: ControlRequest;
    try {
      req = JSON.parse(line) as ControlRequest;
    } catch {
      socket.write(`${JSON.stringify({ id: null, result: { ok: false, error: { code: 'bad-input', message: 'request is not JSON' } } })}\n`);
      return;
    }
    const reply = (result: unknown): void => void (socket.writable && socket.write(`${JSON.stringify({ id: req.id, result })}\n`));
    if (!isCommandName(req.command)) return reply({ ok: false, error: { code: 'bad-input', message: `unknown command ${JSON.stringify(req.command)}` } });
    const call = api[req.command] as (r: unknown) => Promise<unknown>;
    call(req.request ?? {}).then(reply, (err: unknown) => reply({ ok: false, error: { code: 'failed', message: err instanceof Error ? err.message : String(err) } }));
  });
}
