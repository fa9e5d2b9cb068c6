/**
 * A real host for benchmarks: `node bin/berth.js serve` started as the CLI starts its background host
 * (same Node flags, HOST_NODE_FLAGS) in its own temp data dir (BERTH_HOME), so its
 * CPU and memory can be read from /proc/<pid> apart from the benchmark's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { connectControl, type ControlClient } from '../electron/host/control-client.js';
import { controlSocketPath } from '../electron/host/socket-path.js';
import { makeTempDir } from '../test/helpers/temp.js';
import { HOST_NODE_FLAGS } from '../electron/host/ensure-host.js';
import { berthBin } from '../test/helpers/processes.js';

export type ServeHost = Readonly<{
  pid: number;
  dataDir: string;
  /** A control-socket client; subscribing to `state` through it makes the host poll at the short interval. */
  connect(): Promise<ControlClient>;
  /** The host's stderr so far (notices it logged), for a failed run's message. */
  stderr(): string;
  stop(): Promise<void>;
}>;

export async function startServeHost(): Promise<ServeHost> {
  const home = makeTempDir();
  const child: ChildProcess = spawn(process.execPath, [...HOST_NODE_FLAGS, berthBin, 'serve'], {
    env: { ...process.env, BERTH_HOME: home.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const rl = createInterface({ input: child.stdout! });
  const pid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('berth serve did not start within 30 s')), 30_000);
    rl.on('line', (l) => {
      const m = /^Berth host running \(PID (\d+)\)/.exec(l);
      if (!m) return;
      clearTimeout(timer);
      resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`berth serve exited (${code}): ${stderr}`)));
  });
  // Later stdout lines (notifications) are read and dropped, so the pipe never fills.
  return {
    pid,
    dataDir: home.dir,
    connect: () => connectControl(controlSocketPath(home.dir)),
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM'); // our own child, by its handle
        await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      rl.close();
      home.remove();
    },
  };
}
