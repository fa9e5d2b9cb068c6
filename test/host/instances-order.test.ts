import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../electron/core/engine.js';
import type { CliContext } from '../../electron/cli/context.js';
import { runDismiss, runRestart, runStart, runStatus } from '../../electron/cli/instance-commands.js';
import { runLogs } from '../../electron/cli/logs-command.js';
import { runProfile } from '../../electron/cli/profile-commands.js';
import { fixture, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { engineSuite } from '../helpers/engines.js';
import { captureContext } from '../cli/harness.js';

/**
 * Issue 10 §1–§2 through a real engine and the CLI's own command functions (in process): --after
 * ordering, start of a running profile, restart of a stopped one, profile rm of a running one,
 * status with crashed/failed instances until dismissed, logs of a group.
 */
const engines = engineSuite();

const node = JSON.stringify(process.execPath);
const multi = JSON.stringify(fileURLToPath(new URL('../core/supervisor/multi-port-server.js', import.meta.url)));
const server = JSON.stringify(fixture('server'));

async function setup(): Promise<{
  engine: Engine;
  cli: () => { ctx: CliContext; out: () => string; err: () => string };
  dir: string;
}> {
  const dir = engines.dataDir();
  const engine = await engines.start(dir, { backoffScale: 0.01 });
  const cli = () => {
    const c = captureContext(engine.api);
    return { ctx: c.ctx, out: c.stdout, err: c.stderr };
  };
  return { engine, cli, dir };
}

test('a group starts its dependencies first, waits till ready; start again says it runs; rm needs --stop', async () => {
  const { engine, cli, dir } = await setup();
  const [apiPort, webPort] = await findFreeBlock(2, 62500);
  const save = (profile: Record<string, unknown>) =>
    engine.api['profiles.save']({ profile: { cwd: dir, readyTimeout: 10, group: 'app', ...profile } });
  // web is saved first: the order comes from --after, not from the list.
  assert.ok(
    (
      await save({
        name: 'web',
        command: `exec ${node} ${server}`,
        ports: [{ name: 'PORT', preferred: webPort }],
        after: ['api'],
        env: { API_URL: 'http://localhost:{api.API_PORT}' },
      })
    ).ok,
  );
  assert.ok(
    (
      await save({
        name: 'api',
        command: `sleep 1; exec ${node} ${multi} API_PORT`,
        ports: [{ name: 'API_PORT', preferred: apiPort }],
      })
    ).ok,
  );
  const cycle = await engine.api['profiles.save']({
    profile: { ...engine.profiles.get('api')!, after: ['web'] },
    replace: true,
  });
  assert.deepEqual(
    cycle.ok ? null : cycle.error.message,
    'after: profiles would wait for each other in a cycle: api → web → api',
  );

  const c = cli();
  assert.equal(await runStart(c.ctx, ['app']), 0, c.err());
  const list = engine.supervisor.list();
  const api = list.find((i) => i.profile === 'api')!;
  const web = list.find((i) => i.profile === 'web')!;
  assert.deepEqual([api.status, web.status], ['ready', 'ready']);
  assert.ok(web.startedAt >= api.startedAt + 1000, 'web launched after api listened (api sleeps 1 s first)');
  assert.match(c.out(), new RegExp(`^web → http://127\\.0\\.0\\.1:${webPort}$`, 'm'));

  const again = cli();
  assert.equal(await runStart(again.ctx, ['web']), 0);
  assert.equal(
    again.out(),
    `web is already running → http://127.0.0.1:${webPort} (${web.id}, ready). ` +
      'Another instance: berth start web --new\n',
  );

  const rm = cli();
  assert.equal(await runProfile(rm.ctx, ['rm', 'web']), 1);
  assert.match(
    rm.err(),
    new RegExp(
      /^berth: web is running \(web-[0-9a-f]+\); /.source +
        /removing it would leave its servers running out of reach\.\n/.source +
        /Stop it first, or remove it with: berth profile rm web --stop\n$/.source,
    ),
  );
  assert.ok(engine.profiles.get('web'));
  const rm2 = cli();
  assert.equal(await runProfile(rm2.ctx, ['rm', 'web', '--stop']), 0, rm2.err());
  assert.equal(rm2.out(), `Stopped ${web.id}.\nRemoved profile web.\n`);
  assert.equal(engine.supervisor.get(web.id)?.status, 'stopped');
  // --json prints the engine's answer, with the instances it stopped.
  const rm3 = cli();
  assert.equal(await runProfile(rm3.ctx, ['rm', 'api', '--stop', '--json']), 0, rm3.err());
  const removed = JSON.parse(rm3.out()) as { removed: string; stopped: { id: string; status: string }[] };
  assert.deepEqual(
    { removed: removed.removed, stopped: removed.stopped.map((i) => [i.id, i.status]) },
    { removed: 'api', stopped: [[api.id, 'stopped']] },
  );
  assert.equal(engine.profiles.get('api'), undefined);
});

test('a dependency that is not ready stops the start with the reason; nothing after it is launched', async () => {
  const { engine, cli, dir } = await setup();
  const save = (profile: Record<string, unknown>) => engine.api['profiles.save']({ profile: { cwd: dir, ...profile } });
  assert.ok((await save({ name: 'broken', command: 'echo cannot start; exit 3' })).ok);
  assert.ok((await save({ name: 'needs', command: `exec ${node} ${server}`, after: ['broken'] })).ok);
  const c = cli();
  assert.equal(await runStart(c.ctx, ['needs']), 1);
  assert.match(
    c.err(),
    new RegExp(
      /^berth: needs waits for broken, which is not ready /.source +
        /\((crashed|failed): It exited with code 3\.\); needs not started\.\n/.source +
        /See its output: berth logs broken\n$/.source,
    ),
  );
  assert.equal(
    engine.supervisor.list().some((i) => i.profile === 'needs'),
    false,
  );
});

test('status lists failed until dismissed or restarted; --all keeps it; restart starts a stopped profile', async () => {
  const { engine, cli, dir } = await setup();
  const [port] = await findFreeBlock(1, 62510);
  assert.ok(
    (
      await engine.api['profiles.save']({
        profile: { name: 'dies', cwd: dir, command: 'echo bye; exit 7', ports: [{ name: 'PORT', preferred: port }] },
      })
    ).ok,
  );
  await runStart(cli().ctx, ['dies']);
  const failed = engine.supervisor.list().find((i) => i.profile === 'dies')!;
  assert.equal(failed.exitCode, 7);
  const s = cli();
  assert.equal(await runStatus(s.ctx, []), 0);
  assert.match(s.out(), new RegExp(`^${failed.id}\\s+${failed.status}\\s+-\\s+PORT=${port}\\s+-\\s+0\\s+7\\s`, 'm'));
  assert.match(s.out(), new RegExp(`^${failed.id}: `, 'm'), 'its message is shown');
  assert.match(s.out(), /Hide ended ones: berth dismiss/);
  const d = cli();
  assert.equal(await runDismiss(d.ctx, ['dies']), 0);
  assert.equal(d.out(), `Dismissed ${failed.id}.\n`);
  const after1 = cli();
  await runStatus(after1.ctx, []);
  assert.equal(after1.out(), 'Nothing is running. Start a profile: berth start <name>\n');
  const all = cli();
  await runStatus(all.ctx, ['--all', '--json']);
  assert.ok((JSON.parse(all.out()) as { id: string }[]).some((i) => i.id === failed.id));

  assert.ok(
    (
      await engine.api['profiles.save']({
        profile: { ...engine.profiles.get('dies')!, command: `exec ${node} ${server}` },
        replace: true,
      })
    ).ok,
  );
  const r = cli();
  assert.equal(await runRestart(r.ctx, ['dies']), 0, r.err());
  assert.equal(engine.supervisor.list().filter((i) => i.profile === 'dies' && i.status === 'ready').length, 1);
});

test('logs of a group: every instance, each line prefixed; -n 0 prints none', async () => {
  const { engine, cli, dir } = await setup();
  for (const name of ['one', 'two']) {
    const cmd = `echo hello from ${name}; exec ${node} ${server}`;
    assert.ok((await engine.api['profiles.save']({ profile: { name, cwd: dir, command: cmd, group: 'pair' } })).ok);
  }
  assert.equal(await runStart(cli().ctx, ['pair']), 0);
  const ids = engine.supervisor.list().map((i) => i.id);
  const l = cli();
  assert.equal(await runLogs(l.ctx, ['pair', '-n', '1']), 0, l.err());
  const lines = l.out().trim().split('\n').sort();
  assert.equal(lines.length, 2, l.out());
  for (const id of ids)
    assert.ok(
      lines.some((x) => x.startsWith(`[${id}] `)),
      l.out(),
    );
  const z = cli();
  assert.equal(await runLogs(z.ctx, ['pair', '-n', '0']), 0);
  assert.equal(z.out(), '');
  const one = cli();
  assert.equal(await runLogs(one.ctx, ['one', '-n', '0']), 0);
  assert.equal(one.out(), '');
});

test('start of a profile that waits for another says where the dependency it launched runs', async () => {
  const { engine, cli, dir } = await setup();
  const [apiPort, webPort] = await findFreeBlock(2, 62540);
  const save = (profile: Record<string, unknown>) => engine.api['profiles.save']({ profile: { cwd: dir, ...profile } });
  assert.ok(
    (await save({ name: 'api', command: `exec ${node} ${server}`, ports: [{ name: 'PORT', preferred: apiPort }] })).ok,
  );
  assert.ok(
    (
      await save({
        name: 'web',
        command: `exec ${node} ${server}`,
        ports: [{ name: 'PORT', preferred: webPort }],
        after: ['api'],
      })
    ).ok,
  );
  const c = cli();
  assert.equal(await runStart(c.ctx, ['web']), 0, c.err());
  assert.equal(c.out(), `api → http://127.0.0.1:${apiPort}\nweb → http://127.0.0.1:${webPort}\n`);
  // Started again: web runs, api is not mentioned (it was not launched by this command).
  const again = cli();
  assert.equal(await runStart(again.ctx, ['web']), 0, again.err());
  assert.match(again.out(), /^web is already running/);
  assert.doesNotMatch(again.out(), /api/);
});

test('logs -f follows the next run after a crash from its first line, nothing lost or repeated', async () => {
  const { engine, cli, dir } = await setup();
  const script =
    'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; ' +
    'echo "run $n first"; sleep 0.6; echo "run $n last"; exit 1';
  const profile = {
    name: 'crashy',
    cwd: dir,
    command: script,
    ports: [],
    ready: { type: 'log', pattern: 'first' },
    restart: 'on-failure',
  };
  assert.ok((await engine.api['profiles.save']({ profile })).ok);
  assert.equal(await runStart(cli().ctx, ['crashy']), 0);
  const f = cli();
  // Gives up after 5 quick exits (each lives under 1 s), which ends the follow. In process, nothing else
  // keeps the event loop alive while the follow waits for pushed events (the CLI has its socket).
  const alive = setInterval(() => {}, 1000);
  const code = await runLogs(f.ctx, ['crashy', '-f', '-n', '0']).finally(() => clearInterval(alive));
  assert.equal(code, 0, f.err());
  // -n 0: from the moment the follow began (a busy machine may begin it during run 2). From there on
  // every line of every run, in order, once: the output is a suffix of the whole sequence.
  // (It gives up after 5 runs in a row that each lived under 1 s: on a busy machine a run may live longer.)
  const lines = f.out().trim().split('\n');
  const runs = Number(/^run (\d+) last$/.exec(lines.at(-1) ?? '')?.[1] ?? 0);
  const all = Array.from({ length: runs }, (_, k) => [`run ${k + 1} first`, `run ${k + 1} last`]).flat();
  assert.ok(runs >= 5 && lines.length >= 6, f.out());
  assert.deepEqual(lines, all.slice(all.length - lines.length), f.out());
});

test('logs -f after berth restart follows the new instance from its first line', async () => {
  const { engine, cli, dir } = await setup();
  const script =
    'n=$(cat count2 2>/dev/null || echo 0); n=$((n+1)); echo $n > count2; ' +
    'echo "run $n first"; i=0; while true; i=$((i+1)); do echo "run $n tick $i"; sleep 0.2; done';
  const profile = { name: 'ticker2', cwd: dir, command: script, ports: [], ready: { type: 'log', pattern: 'first' } };
  assert.ok((await engine.api['profiles.save']({ profile })).ok);
  const started = cli();
  const code = await runStart(started.ctx, ['ticker2']);
  if (code !== 0) {
    const i = engine.supervisor.list().find((x) => x.profile === 'ticker2');
    const { readFileSync, readdirSync } = await import('node:fs');
    assert.fail(
      `${started.err()}\nlog: ${i ? readFileSync(i.logFile, 'utf8').slice(0, 500) : '-'}\n` +
        `dir: ${readdirSync(dir).join(',')} ${JSON.stringify(i)}`,
    );
  }
  const f = cli();
  const alive = setInterval(() => {}, 1000);
  const following = runLogs(f.ctx, ['ticker2', '-f', '-n', '0']);
  await waitFor(() => f.out().includes('run 1 tick'), 10_000);
  const r = await engine.api['instances.restart']({ target: 'ticker2' });
  assert.ok(r.ok, JSON.stringify(r));
  await waitFor(() => f.out().includes('run 2 tick 3'), 15_000);
  assert.ok((await engine.api['instances.stop']({ target: 'ticker2' })).ok);
  assert.equal(await following.finally(() => clearInterval(alive)), 0);
  const lines = f.out().trim().split('\n');
  assert.equal(lines.filter((l) => l === 'run 2 first').length, 1, f.out());
  assert.match(f.err(), new RegExp(`following ${r.value.instances[0]!.id}`));
  assert.match(f.err(), /-- ticker2-\w+ stopped/);
});

test('log readiness sees its pattern even when a client reads the log first', async () => {
  const { engine, dir } = await setup();
  const profile = {
    name: 'reader-race',
    cwd: dir,
    command: 'sleep 0.3; echo "server up"; exec sleep 30',
    ports: [],
    ready: { type: 'log', pattern: 'server up' },
    readyTimeout: 10,
  };
  assert.ok((await engine.api['profiles.save']({ profile })).ok);
  const r = await engine.api['instances.start']({ target: 'reader-race', wait: false });
  assert.ok(r.ok);
  const id = r.value.instances[0]!.id;
  // A face reading the log over and over (logs -f, the window) takes each line as it is written.
  let seen = false;
  const until = Date.now() + 2000;
  while (Date.now() < until && !seen) {
    const l = await engine.api['instances.logs']({ id });
    seen = l.ok && l.value.lines.includes('server up');
  }
  assert.ok(seen, 'the client read the line');
  const settled = await engine.supervisor.waitSettled(id, 15_000);
  assert.equal(settled?.status, 'ready', settled?.message ?? '');
  await engine.api['instances.stop']({ target: 'reader-race' });
});
