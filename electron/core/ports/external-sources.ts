import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Listener, Owner, ScanResult, ScanSource } from './types.js';
import { parseLsofListen } from './darwin-lsof.js';
import { parseNetstatListen } from './win32-netstat.js';
import { compareListeners } from './linux-source.js';
import { getProcessInfo } from '../processes/process-table.js';

const run = promisify(execFile);

/**
 * macOS and Windows have no /proc: the kernel tables come from the OS's own tools. Owner details
 * are cached by pid + start key and re-read only for pids not seen in the previous scan.
 */
function createOwnerCache(): (pids: number[]) => Promise<Map<number, Owner>> {
  let cache = new Map<number, Owner>();
  return async (pids) => {
    const next = new Map<number, Owner>();
    for (const pid of new Set(pids)) {
      const known = cache.get(pid);
      if (known) {
        next.set(pid, known);
        continue;
      }
      const info = await getProcessInfo(pid);
      if (info)
        next.set(pid, {
          pid,
          process: info.name,
          command: info.command,
          user: info.user,
          startTime: info.startTime,
          startKey: info.startKey,
        });
    }
    cache = next;
    return next;
  };
}

function toListener(
  s: { family: 4 | 6; address: string; port: number; pid: number },
  owner: Owner | undefined,
): Listener {
  return {
    port: s.port,
    address: s.address,
    family: s.family,
    pid: owner?.pid ?? null,
    process: owner?.process ?? null,
    command: owner?.command ?? null,
    user: owner?.user ?? null,
    startTime: owner?.startTime ?? null,
    ...(owner === undefined ? { reason: `process ${s.pid} could not be read` } : {}),
    holders: owner ? [owner] : [],
    inode: 0,
  };
}

export function createDarwinScanSource(): ScanSource {
  const owners = createOwnerCache();
  return {
    name: 'darwin',
    async scan(): Promise<ScanResult> {
      // lsof exits 1 when nothing matches; its stdout is still the (empty) answer.
      const stdout = await run('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-F'], { maxBuffer: 64 << 20 }).then(
        (r) => r.stdout,
        (err: { stdout?: string }) => err.stdout ?? '',
      );
      const procs = parseLsofListen(stdout);
      const byPid = await owners(procs.map((p) => p.pid));
      const listeners = procs.flatMap((p) => p.sockets.map((s) => toListener({ ...s, pid: p.pid }, byPid.get(p.pid))));
      listeners.sort(compareListeners);
      return { listeners, source: 'lsof', takenAt: Date.now() };
    },
  };
}

export function createWin32ScanSource(): ScanSource {
  const owners = createOwnerCache();
  return {
    name: 'win32',
    async scan(): Promise<ScanResult> {
      const [v4, v6] = await Promise.all([
        run('netstat', ['-ano', '-p', 'TCP'], { maxBuffer: 64 << 20 }),
        run('netstat', ['-ano', '-p', 'TCPv6'], { maxBuffer: 64 << 20 }),
      ]);
      const sockets = [...parseNetstatListen(v4.stdout), ...parseNetstatListen(v6.stdout)];
      const byPid = await owners(sockets.map((s) => s.pid).filter((p) => p > 0));
      const listeners = sockets.map((s) => toListener(s, byPid.get(s.pid)));
      listeners.sort(compareListeners);
      return { listeners, source: 'netstat', takenAt: Date.now() };
    },
  };
}
