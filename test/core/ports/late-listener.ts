import type { ChildProcess } from 'node:child_process';
import { createProcessTracker, readJsonLine } from '../../helpers/processes.js';

/** Shared by the scanner search tests and bench/scanner-bench.ts. */
export type ProcessTracker = ReturnType<typeof createProcessTracker>;
export type LateListener = {
  child: ChildProcess;
  pid: number;
  send(cmd: 'listen' | 'relisten' | 'relisten-moved'): Promise<{ port: number; same?: boolean }>;
};

// A long-running process that listens only when told to on stdin: "listen" opens a listener on
// 127.0.0.1; "relisten" closes it and opens another one, padding with /dev/null fds so the process's
// open-fd count is the same as before (a server restarting in-process); "relisten-moved" does the
// same after opening /dev/null first, so the new socket does not get the fd the old one had.
// Prints one JSON line each.
export const LATE_LISTENER = `
const net = require('node:net'), fs = require('node:fs');
const count = () => fs.readdirSync('/proc/self/fd').length;
const pads = [];
for (let i = 0; i < 4; i++) pads.push(fs.openSync('/dev/null', 'r'));
let server = null;
const listen = (cb) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => cb(s)); };
require('node:readline').createInterface({ input: process.stdin }).on('line', (cmd) => {
  if (cmd === 'listen') listen((s) => { server = s; console.log(JSON.stringify({ port: s.address().port })); });
  if (cmd === 'relisten' || cmd === 'relisten-moved') {
    const before = count();
    server.close();
    if (cmd === 'relisten-moved') pads.push(fs.openSync('/dev/null', 'r'));
    listen((s) => {
      server = s;
      while (count() > before && pads.length > 0) fs.closeSync(pads.pop());
      while (count() < before) pads.push(fs.openSync('/dev/null', 'r'));
      console.log(JSON.stringify({ port: s.address().port, same: count() === before }));
    });
  }
});
console.log(JSON.stringify({ ready: true, pid: process.pid }));
`;

export async function startLateListener(procs: ProcessTracker): Promise<LateListener> {
  const child = procs.start(process.execPath, ['-e', LATE_LISTENER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { pid } = (await readJsonLine(child, 10_000)) as { pid: number };
  await procs.track(pid);
  return {
    child,
    pid,
    async send(cmd) {
      const reply = readJsonLine(child, 10_000);
      child.stdin!.write(`${cmd}\n`);
      return (await reply) as { port: number; same?: boolean };
    },
  };
}
