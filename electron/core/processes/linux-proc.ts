import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

/**
 * Readers for /proc/<pid> (proc(5)). Every function returns null instead of throwing when the
 * process is gone or unreadable: a process can exit between any two calls.
 */
export type ProcStat = Readonly<{
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgid: number;
  startTicks: number;
}>;

// USER_HZ is fixed at 100 in the kernel ABI for every architecture Berth ships on (time(7)).
const USER_HZ = 100;

export function readProcStat(pid: number, root = '/proc'): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`${root}/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  return parseProcStat(pid, text);
}

/** comm may hold spaces and parentheses, so split after the LAST ')' (proc(5) field 2). */
export function parseProcStat(pid: number, text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] = state (field 3), rest[1] = ppid (4), rest[2] = pgrp (5), rest[19] = starttime (22)
  const startTicks = Number(rest[19]);
  if (!Number.isFinite(startTicks)) return null;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    pgid: Number(rest[2]),
    startTicks,
  };
}

export function readCmdline(pid: number, root = '/proc'): string | null {
  try {
    const raw = readFileSync(`${root}/${pid}/cmdline`, 'utf8');
    if (raw === '') return null;
    return raw.replace(/\0+$/, '').split('\0').join(' ');
  } catch {
    return null;
  }
}

export function readProcUid(pid: number, root = '/proc'): number | null {
  try {
    return statSync(`${root}/${pid}`).uid;
  } catch {
    return null;
  }
}

let bootMs: number | undefined;
let bootId: string | undefined;

export function readBootTimeMs(root = '/proc'): number {
  if (bootMs !== undefined) return bootMs;
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync(`${root}/stat`, 'latin1'));
    bootMs = m ? Number(m[1]) * 1000 : 0;
  } catch {
    bootMs = 0;
  }
  return bootMs;
}

/** Distinguishes boots, so a recorded identity from before a reboot never matches. */
export function readBootId(root = '/proc'): string {
  if (bootId !== undefined) return bootId;
  try {
    bootId = readFileSync(`${root}/sys/kernel/random/boot_id`, 'latin1').trim();
  } catch {
    bootId = `btime-${readBootTimeMs(root)}`;
  }
  return bootId;
}

export function startTimeMsFromTicks(ticks: number): number {
  return readBootTimeMs() + Math.round((ticks * 1000) / USER_HZ);
}

export function startKeyFromTicks(ticks: number): string {
  return `linux:${readBootId()}:${ticks}`;
}

export function listPids(root = '/proc'): number[] {
  const out: number[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return out;
  }
  for (const n of names) {
    const c = n.charCodeAt(0);
    if (c >= 48 && c <= 57) out.push(Number(n));
  }
  return out;
}

/**
 * The values of a few variables from /proc/<pid>/environ (the environment the process started with),
 * or null when it cannot be read (another user's process, a process that is gone).
 */
export function readEnvironVars(pid: number, names: readonly string[], root = '/proc'): Record<string, string> | null {
  let raw: string;
  try {
    raw = readFileSync(`${root}/${pid}/environ`, 'latin1');
  } catch {
    return null;
  }
  const out: Record<string, string> = {};
  for (const entry of raw.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (names.includes(name)) out[name] = Buffer.from(entry.slice(eq + 1), 'latin1').toString('utf8');
  }
  return out;
}

/** The cgroup path(s) of a process ("0::/system.slice/nginx.service"), or null. */
export function readCgroup(pid: number, root = '/proc'): string | null {
  try {
    return readFileSync(`${root}/${pid}/cgroup`, 'utf8');
  } catch {
    return null;
  }
}

/** The working directory of a process, or null when it cannot be read. */
export function readCwd(pid: number, root = '/proc'): string | null {
  try {
    return readlinkSync(`${root}/${pid}/cwd`);
  } catch {
    return null;
  }
}
