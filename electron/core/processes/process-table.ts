import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  listPids,
  readCmdline,
  readProcStat,
  readProcUid,
  startKeyFromTicks,
  startTimeMsFromTicks,
  type ProcStat,
} from './linux-proc.js';
import { userNameForUid } from './users.js';

const run = promisify(execFile);

/** One row of the OS process table: enough to walk trees and check identity. */
export type ProcessEntry = Readonly<{
  pid: number;
  ppid: number;
  pgid: number | null;
  name: string;
  startKey: string;
  state?: string;
}>;

export type ProcessTable = ReadonlyMap<number, ProcessEntry>;

/** Details shown to users and checked before signals. */
export type ProcessInfo = ProcessEntry & Readonly<{ command: string; user: string | null; startTime: number | null }>;

export async function listProcesses(): Promise<ProcessTable> {
  if (process.platform === 'linux') return listLinuxProcesses();
  if (process.platform === 'win32') return listWin32Processes();
  return listPsProcesses();
}

function listLinuxProcesses(): ProcessTable {
  const table = new Map<number, ProcessEntry>();
  for (const pid of listPids()) {
    const st = readProcStat(pid);
    if (st) table.set(pid, entryFromStat(pid, st));
  }
  return table;
}

/** A process's row from its /proc/<pid>/stat (Linux). */
export function entryFromStat(pid: number, st: ProcStat): ProcessEntry {
  return {
    pid,
    ppid: st.ppid,
    pgid: st.pgid,
    name: st.comm,
    startKey: startKeyFromTicks(st.startTicks),
    state: st.state,
  };
}

async function listWin32Processes(): Promise<ProcessTable> {
  const { default: psList } = await import('ps-list');
  const table = new Map<number, ProcessEntry>();
  // Windows exposes no cheap start time here; identity falls back to pid + image name.
  for (const p of await psList())
    table.set(p.pid, { pid: p.pid, ppid: p.ppid, pgid: null, name: p.name, startKey: `win32:${p.name}` });
  return table;
}

/** macOS / BSD: `ps -axo pid=,ppid=,pgid=,lstart=,comm=`; lstart is the fixed 24-character ctime(3) form. */
async function listPsProcesses(): Promise<ProcessTable> {
  const { stdout } = await run('ps', ['-axo', 'pid=,ppid=,pgid=,lstart=,comm='], { maxBuffer: 64 << 20 });
  return parsePsTable(stdout);
}

export function parsePsTable(text: string): ProcessTable {
  const table = new Map<number, ProcessEntry>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\w{3} \w{3}\s+\d+ [\d:]{8} \d{4})\s+(.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    const comm = m[5] ?? '';
    table.set(pid, {
      pid,
      ppid: Number(m[2]),
      pgid: Number(m[3]),
      name: comm.split('/').pop() ?? comm,
      startKey: `ps:${m[4]}`,
    });
  }
  return table;
}

/** Reads one process's details, or null when it no longer exists. */
export async function getProcessInfo(pid: number): Promise<ProcessInfo | null> {
  if (process.platform === 'linux') {
    const st = readProcStat(pid);
    if (!st) return null;
    return {
      ...entryFromStat(pid, st),
      command: readCmdline(pid) ?? `[${st.comm}]`,
      user: userNameForUid(readProcUid(pid)),
      startTime: startTimeMsFromTicks(st.startTicks),
    };
  }
  if (process.platform === 'win32') {
    const entry = (await listWin32Processes()).get(pid);
    return entry ? { ...entry, command: entry.name, user: null, startTime: null } : null;
  }
  try {
    const { stdout } = await run('ps', ['-o', 'pid=,ppid=,pgid=,lstart=,user=,command=', '-p', String(pid)]);
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\w{3} \w{3}\s+\d+ [\d:]{8} \d{4})\s+(\S+)\s+(.*)$/.exec(stdout.trim());
    if (!m) return null;
    const command = m[6] ?? '';
    return {
      pid,
      ppid: Number(m[2]),
      pgid: Number(m[3]),
      name: (command.split(' ')[0] ?? '').split('/').pop() ?? command,
      startKey: `ps:${m[4]}`,
      command,
      user: m[5] ?? null,
      startTime: Date.parse(m[4] ?? '') || null,
    };
  } catch {
    return null;
  }
}

/** Every descendant of `root` in the table (children before grandchildren), excluding root. */
export function listDescendants(table: ProcessTable, root: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const p of table.values()) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcessEntry[] = [];
  const queue = [root];
  const seen = new Set<number>([root]);
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** The chain of parents of `pid` (nearest first), stopping at pid 0/1 or a loop. */
export function listAncestors(table: ProcessTable, pid: number): number[] {
  const out: number[] = [];
  let cur = table.get(pid)?.ppid;
  while (cur !== undefined && cur > 0 && !out.includes(cur)) {
    out.push(cur);
    cur = table.get(cur)?.ppid;
  }
  return out;
}
