/**
 * Host benchmarks, each against a reference measured in the same run:
 *  (a) memory and event-loop delay of a host supervising 20 instances, one writing 50 MB of output,
 *      vs the same host with 20 quiet instances;
 *  (b) time from start to ready for a fixture that listens at once, through the host's control
 *      socket and through the `berth` CLI, vs running the same command by hand and polling the port.
 * Every instance is stopped through the host; the host is closed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connect } from 'node:net';
import { startHost } from '../electron/host/host.js';
import { connectControl } from '../electron/host/control-client.js';
import { makeTempDir } from '../test/helpers/temp.js';
import { berthBin, fixture, sleep } from '../test/helpers/processes.js';
import { findFreeBlock } from '../test/helpers/ports.js';
import { fmt, median, table } from './stats.js';

const node = JSON.stringify(process.execPath);
const server = JSON.stringify(fixture('server'));
const FLOOD = `${node} -e "const s='y'.repeat(1023)+'\\n';let n=0;(function w(){while(n<51200){n++;if(!process.stdout.write(s))return process.stdout.once('drain',w)}console.log('flood-done');require('net').createServer().listen(process.env.PORT);})()"`;

async function supervise(flood: boolean): Promise<string[]> {
  const home = makeTempDir();
  const started = await startHost({ dataDir: home.dir });
  if (!started.ok) throw new Error(started.message);
  const { host } = started;
  const api = (await connectControl(host.socketPath)).api;
  const h = monitorEventLoopDelay({ resolution: 10 });
  try {
    const base = (await findFreeBlock(21, flood ? 62000 : 62100))[0]!;
    for (let i = 0; i < 20; i++) {
      const cmd = flood && i === 0 ? FLOOD : `${node} ${server}`;
      await api['profiles.save']({ profile: { name: `s${i}`, command: cmd, cwd: home.dir, ports: [{ name: 'PORT', preferred: base + i }], readyTimeout: 120 } });
    }
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    h.enable();
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => api['instances.start']({ target: `s${i}` })));
    const notReady = results.filter((r) => !r.ok || r.value.instances[0]?.status !== 'ready').length;
    const wall = performance.now() - t0;
    await sleep(2000); // let the log tail catch up with the flood
    h.disable();
    const rss1 = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) await api['instances.stop']({ target: `s${i}` });
    return [flood ? '20 instances, one writing 50 MB' : '20 quiet instances (reference)', String(20 - notReady), fmt(wall), fmt((rss1 - rss0) / 1048576), fmt(h.percentile(99) / 1e6), fmt(h.max / 1e6)];
  } finally {
    await host.close();
    home.remove();
  }
}

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
    await api['profiles.save']({ profile: { name: 'fast', command: `${node} ${server}`, cwd: home.dir, ports: [{ name: 'PORT', preferred: port!, pinned: true }], policy: 'strict' } });
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const child = spawn('/bin/sh', ['-c', `${node} ${server}`], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore', detached: true });
      await waitListening(port!);
      byHand.push(performance.now() - t);
      process.kill(-child.pid!, 'SIGKILL');
      while (!(await new Promise<boolean>((r) => { const s = connect(port!, '127.0.0.1'); s.once('connect', () => { s.destroy(); r(false); }); s.once('error', () => r(true)); }))) await sleep(5);

      t = performance.now();
      const r = await api['instances.start']({ target: 'fast' });
      viaSocket.push(performance.now() - t);
      if (!r.ok || r.value.instances[0]?.status !== 'ready') throw new Error(`not ready: ${JSON.stringify(r)}`);
      await api['instances.stop']({ target: 'fast' });

      t = performance.now();
      const cli = spawnSync(process.execPath, [berthBin, 'start', 'fast'], { env: { ...process.env, BERTH_HOME: home.dir }, encoding: 'utf8' });
      viaCli.push(performance.now() - t);
      if (cli.status !== 0) throw new Error(cli.stderr);
      await api['instances.stop']({ target: 'fast' });
    }
    const cliStartup = median(Array.from({ length: 5 }, () => { const t = performance.now(); spawnSync(process.execPath, [berthBin, '--version']); return performance.now() - t; }));
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
  const rows = [['scenario', 'ready', 'start all ms', 'RSS growth MiB', 'loop delay p99 ms', 'loop delay max ms']];
  rows.push(await supervise(false));
  rows.push(await supervise(true));
  console.log(table(rows));
  console.log('\n## (e) start → ready for a fixture that listens at once, 7 runs (target: overhead under 50 ms)');
  console.log(table(await startToReady(7)));
}
