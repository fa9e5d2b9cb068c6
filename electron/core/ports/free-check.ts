import { createServer } from 'node:net';
import type { Listener } from './types.js';

/** The addresses a port must bind on to count as free (DESIGN.md "Processes and ports"). */
export const BIND_HOSTS = ['0.0.0.0', '::', '127.0.0.1', '::1'] as const;

export type BindCheck = Readonly<{ host: string; ok: boolean; code?: string }>;

/**
 * Tries to listen on host:port and closes at once. Node sets SO_REUSEADDR on POSIX listeners, so a
 * TIME_WAIT socket does not make the port look busy (it would not stop a real server either).
 * A missing address family (EADDRNOTAVAIL / EAFNOSUPPORT) counts as ok: nothing can listen there.
 */
export function tryBind(port: number, host: string): Promise<BindCheck> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      resolve({ host, ok: code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT', code });
    });
    // ipv6Only on "::" so each family is tested on its own; 0.0.0.0 is tested separately.
    server.listen({ port, host, exclusive: true, ipv6Only: host === '::' }, () => {
      server.close(() => resolve({ host, ok: true }));
    });
  });
}

/** Binds on every host in turn; stops at the first failure. */
export async function checkBindable(port: number): Promise<{ ok: boolean; failed?: BindCheck }> {
  for (const host of BIND_HOSTS) {
    const r = await tryBind(port, host);
    if (!r.ok) return { ok: false, failed: r };
  }
  return { ok: true };
}

export type PortState = Readonly<{
  port: number;
  free: boolean;
  /** Listeners on exactly this port. */
  holders: readonly Listener[];
  /** Set when no listener is visible but a bind still failed (another namespace, a raw socket). */
  bindError?: string;
}>;

/** Free means: no listener in the given scan on exactly this port, and it binds on every host. */
export async function checkPort(port: number, listeners: readonly Listener[]): Promise<PortState> {
  const holders = listeners.filter((l) => l.port === port);
  if (holders.length > 0) return { port, free: false, holders };
  const bind = await checkBindable(port);
  if (bind.ok) return { port, free: true, holders };
  return { port, free: false, holders, bindError: `${bind.failed?.code ?? 'error'} on ${bind.failed?.host ?? '?'}` };
}
