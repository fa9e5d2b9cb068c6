/**
 * Host benchmarks, each against a reference measured in the same run:
 *  (d) memory and event-loop delay of a host supervising 20 instances while one of them writes 50 MB
 *      of output, vs the same host with 20 quiet instances, over the same 4 s window after start-up
 *      (start-up itself, 20 Node processes booting on 2 cores, is timed but not mixed in);
 *  (e) time from start to ready for a fixture that listens at once, through the host's control
 *      socket and through the `berth` CLI, vs running the same command by hand and polling the port.
 * Every instance is stopped through the host; the host is closed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connect } from 'node:net';
import { startHost } from '../electron/host/host.js';
import { probeTcp } from '../electron/core/supervisor/readiness.js';
import { connectControl } from '../electron/host/control-client.js';
import { makeTempDir } from '../test/helpers/temp.js';
import { berthBin, fixture, sleep } from '../test/helpers/processes.js';
import { findFreeBlock } from '../test/helpers/ports.js';
import { fmt, median, table } from './stats.js';

const node = JSON.stringify(process.execPath);
const server = JSON.stringify(fixture('server'));
// Listens at once; on its first connection writes 50 MB to stdout (its log) as fast as it can.
const FLOOD =
  `${node} -e "const s='y'.repeat(1023)+'\\n';let n=0;function w(){while(n<51200){n++;` +
  `if(!process.stdout.write(s))return process.stdout.once('drain',w)}console.log('flood-done')}` +
  `let go=false;require('net').createServer((c)=>{c.destroy();if(!go){go=true;w()}}).listen(process.env.PORT)"`;
const WINDOW_MS = 4000;

async function supervise(flood: boolean): Promise<string[]> {
  const home = makeTempDir();
  const started = await startHost({ dataDir: home.dir });
  if (!started.ok) throw new Error(started.message);
  const { host } = started;
  const api = (await connectControl(host.socketPath)).api;
  const h = monitorEventLoopDelay({ resolution: 1 });
  try {
    const base = (await findFreeBlock(21, flood ? 62000 : 62100))[0]!;
    for (let i = 0; i < 20; i++) {
      const cmd = flood && i === 0 ? FLOOD : `${node} ${server}`;
      await api['profiles.save']({
        profile: {
          name: `s${i}`,
          command: cmd,
          cwd: home.dir,
          ports: [{ name: 'PORT', preferred: base + i }],
          readyTimeout: 120,
        },
      });
    }
    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api['instances.start']({ target: `s${i}` })),
    );
    const wall = performance.now() - t0;
    const ready = results.filter((r) => r.ok && r.value.instances[0]?.status === 'ready');
    await sleep(500);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    h.enable();
    await probeTcp(base); // the flood server starts writing on its first connection
    await sleep(WINDOW_MS);
    h.disable();
    const rss1 = process.memoryUsage().rss;
    let floodDone = '';
    if (flood) {
      const first = results[0]!;
      const id = first.ok ? first.value.instances[0]!.id : '';
      const logs = await api['instances.logs']({ id, since: 0 });
      const logFile = first.ok ? first.value.instances[0]!.logFile : '';
      const rotated = existsSync(`${logFile}.1`)
        ? `${(statSync(`${logFile}.1`).size / 1048576).toFixed(0)} MB rotated`
        : 'not rotated';
      floodDone =
        logs.ok && logs.value.lines.includes('flood-done')
          ? ` (written, tail caught up, ${rotated})`
          : ` (flood NOT finished in the window, ${rotated})`;
    }
    for (let i = 0; i < 20; i++) await api['instances.stop']({ target: `s${i}` });
    return [
      flood ? `20 instances, one writing 50 MB${floodDone}` : '20 quiet instances (reference)',
      String(ready.length),
      fmt(wall),
      fmt((rss1 - rssStart) / 1048576),
      fmt((rss1 - rss0) / 1048576),
      fmt(h.percentile(99) / 1e6),
      fmt(h.max / 1e6),
    ];
  } finally {
    await host.close();
    home.remove();
  }
}

/** The reference's poll: IPv4 connect every 2 ms, as a user's script would. */
function waitListening(port: number): Promise<void> {
  return new Promise((resolve) => {
    const attempt = (): void => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.end();
        resolve();
      });
      s.once('error', () => setTimeout(attempt, 2));
    };
    attempt();
  });
}

function runCli(args: string[], home: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [berthBin, ...args], {
      env: { ...process.env, BERTH_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('close', (code) => resolve({ code, output }));
  });
}

async function startToReady(runs: number): Promise<string[][]> {
  const home = makeTempDir();
  const started = await startHost({ dataDir: home.dir });
  if (!started.ok) throw new Error(started.message);
  const { host } = started;
  const api = (await connectControl(host.socketPath)).api;
  const byHand: number[] = [];
  const viaSocket: number[] = [];
  const viaCli: number[] = [];
  try {
    const [port] = await findFreeBlock(1, 62200);
    await api['profiles.save']({
      profile: {
        name: 'fast',
        command: `${node} ${server}`,
        cwd: home.dir,
        ports: [{ name: 'PORT', preferred: port!, pinned: true }],
        policy: 'strict',
      },
    });
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const child = spawn('/bin/sh', ['-c', `${node} ${server}`], {
        env: { ...process.env, PORT: String(port) },
        stdio: 'ignore',
        detached: true,
      });
      await waitListening(port!);
      byHand.push(performance.now() - t);
      process.kill(-child.pid!, 'SIGKILL');
      while (await probeTcp(port!)) await sleep(5);

      t = performance.now();
      const r = await api['instances.start']({ target: 'fast' });
      viaSocket.push(performance.now() - t);
      if (!r.ok || r.value.instances[0]?.status !== 'ready') throw new Error(`not ready: ${JSON.stringify(r)}`);
      await api['instances.stop']({ target: 'fast' });

      t = performance.now();
      // Asynchronously: the host lives in this process and must answer the CLI meanwhile.
      const cli = await runCli(['start', 'fast'], home.dir);
      viaCli.push(performance.now() - t);
      if (cli.code !== 0) throw new Error(`berth start exited ${cli.code}: ${cli.output}`);
      await api['instances.stop']({ target: 'fast' });
    }
    const cliStartup = median(
      Array.from({ length: 5 }, () => {
        const t = performance.now();
        spawnSync(process.execPath, [berthBin, '--version']);
        return performance.now() - t;
      }),
    );
    const hand = median(byHand);
    return [
      ['method', 'median ms', 'overhead vs by hand'],
      ['by hand: sh -c + poll connect every 2 ms (reference)', fmt(hand), ''],
      ['berth start through the control socket', fmt(median(viaSocket)), fmt(median(viaSocket) - hand)],
      ['berth start CLI process (includes Node start-up)', fmt(median(viaCli)), fmt(median(viaCli) - hand)],
      ['  of which: starting the CLI itself (berth --version)', fmt(cliStartup), ''],
    ];
  } finally {
    await host.close();
    home.remove();
  }
}

export async function runHostBench(): Promise<void> {
  if (process.platform !== 'linux') return console.log('host bench: Linux only.');
  console.log('\n## (d) host supervising 20 instances (memory and event-loop delay of the host process)');
  const rows = [
    [
      'scenario',
      'ready',
      'start all ms',
      'host RSS growth MiB',
      `of which in the ${WINDOW_MS / 1000} s window`,
      'loop delay p99 ms',
      'loop delay max ms',
    ],
  ];
  rows.push(await supervise(false));
  rows.push(await supervise(true));
  console.log(table(rows));
  console.log('\n## (e) start → ready for a fixture that listens at once, 7 runs (target: overhead under 50 ms)');
  console.log(table(await startToReady(7)));
}
