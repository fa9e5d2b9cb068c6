import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../electron/contract/result.js';
import type { InstanceView } from '../../electron/contract/views.js';
import { findFreeBlock } from '../helpers/ports.js';
import { createProcessTracker, fixture, isAlive, waitFor } from '../helpers/processes.js';
import {
  exitWithin,
  firstScan,
  hostLockPid,
  launchShellProcess,
  shellEnv,
  trackListeners,
  type ShellProcess,
} from '../helpers/shell-process.js';
import { makeTempDir } from '../helpers/temp.js';

const whats = (calls: readonly { what: string }[]): string[] => calls.map((c) => c.what);

async function instances(shell: ShellProcess): Promise<InstanceView[]> {
  const r = await shell.invoke<Result<{ instances: InstanceView[] }>>('berth:call', 'instances.list', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instances;
}

/** Waits until the shell hosts the engine for `dataDir` and its tray has a menu. */
async function hosting(shell: ShellProcess, dataDir: string): Promise<void> {
  await waitFor(() => hostLockPid(dataDir) === shell.pid, 15_000);
  await waitFor(async () => (await shell.recordings()).trays[0]?.menu !== undefined);
  await firstScan(shell);
}

/**
 * Two launches of the real main.js on one data dir: the stand-in's requestSingleInstanceLock() answers
 * false for the second, as Electron does while the first runs. A third launch after the first quit shows
 * that host.lock was released and that onQuit "leave" left the server for the next host to adopt.
 */
test(
  'second launch: the lock is refused, it quits without hosting or any window; the first shows its window; ' +
    'quitting the first (before-quit) leaves its server for the next launch to adopt',
  { timeout: 90_000 },
  async (t) => {
    const tmp = makeTempDir();
    const procs = createProcessTracker();
    const [port] = await findFreeBlock(1, 47370);
    const dataDir = join(tmp.dir, 'home');
    const env = shellEnv(tmp.dir);
    const shells: ShellProcess[] = [];
    t.after(async () => {
      // Should the test fail before the server was tracked, it is found by its port while a shell still answers.
      for (const s of shells) if (s.child.connected) await trackListeners(s, procs, port!, 500).catch(() => []);
      await procs.cleanup();
      tmp.remove();
    });
    const first = launchShellProcess(procs, { env });
    shells.push(first);
    await hosting(first, dataDir);
    const lockText = readFileSync(join(dataDir, 'host.lock'), 'utf8');

    // A server of the first instance (onQuit stays at its default, "leave").
    mkdirSync(join(tmp.dir, 'web'));
    const saved = await first.invoke<Result<unknown>>('berth:call', 'profiles.save', {
      profile: {
        name: 'web',
        command: `"${process.execPath}" "${fixture('server')}"`,
        cwd: join(tmp.dir, 'web'),
        ports: [{ name: 'PORT', preferred: port }],
      },
    });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    const started = await first.invoke<Result<unknown>>('berth:call', 'instances.start', { target: 'web' });
    assert.equal(started.ok, true, JSON.stringify(started));
    const server = (await waitFor(async () => (await instances(first)).find((i) => i.status === 'ready'), 20_000))!;
    await procs.track(server.pid!);
    const listening = await trackListeners(first, procs, port!);

    // The user closes the window: hidden, since a tray is there.
    const closed = await first.emit('window', 'close', { withEvent: true });
    assert.deepEqual(closed, { listeners: 1, defaultPrevented: true });
    assert.equal((await first.recordings()).windows[0]!.visible, false);

    // The second launch: refused the lock, it quits at once and touches nothing.
    const second = launchShellProcess(procs, { env, standIn: { singleInstanceLock: false } });
    await waitFor(async () => whats((await second.recordings()).calls).includes('app.quit'), 15_000);
    const refused = await second.recordings();
    assert.deepEqual(whats(refused.calls), ['app.requestSingleInstanceLock', 'app.quit']);
    assert.deepEqual([refused.windows, refused.trays, refused.ipcChannels], [[], [], []]);
    second.disconnect();
    assert.deepEqual(await exitWithin(second, 10_000), { code: 0, signal: null }, second.output());
    assert.equal(readFileSync(join(dataDir, 'host.lock'), 'utf8'), lockText, 'the first still holds host.lock');
    assert.equal((await instances(first)).length, 1, 'the first still answers');

    // Electron tells the first instance about the second launch: it shows its window.
    const before = (await first.recordings()).calls.length;
    assert.deepEqual(await first.emit('app', 'second-instance', { args: [['berth'], tmp.dir] }), {
      listeners: 1,
      defaultPrevented: false,
    });
    const shown = await first.recordings();
    assert.equal(shown.windows[0]!.visible, true);
    assert.ok(whats(shown.calls.slice(before)).includes('window.show'));

    // Cmd+Q or the OS logging out: before-quit is held until Berth's own quit has run.
    assert.deepEqual(await first.emit('app', 'before-quit', { withEvent: true }), {
      listeners: 1,
      defaultPrevented: true,
    });
    await waitFor(async () => whats((await first.recordings()).calls).includes('app.quit'), 20_000);
    assert.equal(hostLockPid(dataDir), null, 'host.lock released');
    assert.match(first.output(), /Leaving 1 server running; the next Berth start adopts them\./);
    assert.equal(await isAlive(server.pid!), true, 'onQuit "leave": the server keeps running');
    for (const pid of listening) assert.equal(await isAlive(pid), true, `listener PID ${pid} keeps running`);
    first.disconnect();
    assert.deepEqual(await exitWithin(first, 10_000), { code: 0, signal: null }, first.output());

    // The next launch takes host.lock and adopts the server left running.
    const third = launchShellProcess(procs, { env });
    shells.push(third);
    await hosting(third, dataDir);
    const adopted = await waitFor(async () => (await instances(third)).find((i) => i.pid === server.pid), 15_000);
    assert.equal(adopted!.status, 'ready');
    await third.click('quit');
    await waitFor(async () => whats((await third.recordings()).calls).includes('app.quit'), 20_000);
    assert.equal(existsSync(join(dataDir, 'host.lock')), false);
    third.disconnect();
    assert.deepEqual(await exitWithin(third, 10_000), { code: 0, signal: null }, third.output());
  },
);
