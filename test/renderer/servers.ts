import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A dev-server stand-in written into a test's folder: listens on $PORT, prints a numbered line every
 * 150 ms (live log lines), and with CRASH_AFTER_MS exits with code 7 after a last error line.
 */
const SCRIPT = `
import { createServer } from 'node:net';
const port = Number(process.env.PORT ?? 0);
const server = createServer((c) => c.end('hello\\n'));
server.listen(port, '127.0.0.1', () => console.log('listening on ' + port));
let n = 0;
setInterval(() => console.log('tick ' + ++n), 150);
const crash = Number(process.env.CRASH_AFTER_MS ?? 0);
if (crash > 0) setTimeout(() => { console.error('fatal: database connection lost'); process.exit(7); }, crash);
`;

export function writeDevServer(dir: string): string {
  const file = join(dir, 'dev-server.mjs');
  writeFileSync(file, SCRIPT);
  return file;
}

/** The command a profile runs for it, as a user would type it. */
export function devServerCommand(file: string): string {
  return `"${process.execPath}" "${file}"`;
}

/**
 * A port nothing listens on right now, below the OS's ephemeral range (32768+ on Linux), so the
 * engine has no reason to warn that an outgoing connection could take it. Closed before returning.
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await binds(port)) return port;
  }
  throw new Error('no free port found in 20000-31999 after 50 tries');
}

function binds(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
