import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The control socket: a Unix socket in the data dir (0600), a named pipe on Windows. */
export function controlSocketPath(dataDir: string): string {
  if (process.platform === 'win32')
    return `\\\\.\\pipe\\berth-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  return join(dataDir, 'berth.sock');
}
