import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectControl, type ControlClient } from '../../../electron/host/control-client.js';
import { controlSocketPath } from '../../../electron/host/socket-path.js';
import { homeIdFor, isLauncherVariable } from '../../../electron/core/supervisor/child-env.js';
import { berthBin, createProcessTracker, fixture, waitFor } from '../../helpers/processes.js';
import { makeTempDir } from '../../helpers/temp.js';

/**
 * Issue 8 §8: a server Berth launches gets the user's environment, not its launcher's. A real
 * `berth serve` runs with what `npm start` and Electron put in a host's environment; the server it
 * launches writes its whole environment to a file (the fixture's ENV_DUMP), which is checked.
 */
const procs = createProcessTracker();
const home = makeTempDir();
let client: ControlClient | null = null;
after(async () => {
  if (client) {
    await client.api['instances.stop']({ target: 'envs' });
    client.close();
  }
  await procs.cleanup();
  home.remove();
});

/** What launched the host: npm's lifecycle, Electron's node mode, Node's options, Berth's own settings. */
const LAUNCHER: Readonly<Record<string, string>> = {
  NODE_OPTIONS: '--max-old-space-size=256',
  INIT_CWD: home.dir,
  npm_lifecycle_event: 'start',
  npm_lifecycle_script: 'node bin/berth.js serve',
  npm_config_user_agent: 'npm/10.8.2 node/v20.18.1 linux x64',
  npm_package_name: 'berth',
  npm_node_execpath: process.execPath,
  ELECTRON_RUN_AS_NODE: '1',
  ELECTRON_NO_ATTACH_CONSOLE: '1',
  BERTH_HOME: home.dir,
  BERTH_TRAY: '0',
  BERTH_INSTANCE_ID: 'an-instance-of-whoever-launched-the-host',
};
/** The user's own: kept, whatever they look like. */
const USER: Readonly<Record<string, string>> = {
  MY_SETTING: 'kept',
  NPM_TOKEN_OF_MINE: 'kept too',
  SHARED: 'from the user',
};

test("a launched server's environment: the user's and the profile's variables and ports, no launcher's", async () => {
  const dump = join(home.dir, 'env.json');
  writeFileSync(join(home.dir, '.env'), 'FROM_ENV_FILE=yes\n');
  const serve = procs.start(process.execPath, [berthBin, 'serve'], { env: { ...process.env, ...USER, ...LAUNCHER } });
  serve.stdout!.resume();
  const c = (await waitFor(() => connectControl(controlSocketPath(home.dir)).catch(() => null), 15_000))!;
  client = c;
  const saved = await c.api['profiles.save']({
    profile: {
      name: 'envs',
      command: `"${process.execPath}" "${fixture('server')}"`,
      cwd: home.dir,
      envFile: '.env',
      env: { ENV_DUMP: dump, SHARED: 'from the profile', API_URL: 'http://localhost:{PORT}/api' },
      ports: [{ name: 'PORT' }, { name: 'HMR_PORT' }],
    },
  });
  assert.ok(saved.ok, JSON.stringify(saved));
  const started = await c.api['instances.start']({ target: 'envs' });
  assert.ok(started.ok, JSON.stringify(started));
  const inst = started.value.instances[0]!;
  assert.equal(inst.status, 'ready', inst.message ?? '');
  await procs.track(inst.pid ?? undefined);
  const env = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>;

  for (const name of Object.keys(LAUNCHER).filter((n) => n !== 'BERTH_INSTANCE_ID'))
    assert.equal(env[name], undefined, `${name} is the launcher's, not the server's`);
  assert.deepEqual(
    Object.keys(env)
      .filter((n) => isLauncherVariable(n) || n.startsWith('npm_') || n.startsWith('ELECTRON_'))
      .sort(),
    ['BERTH_HOME_ID', 'BERTH_INSTANCE_ID', 'BERTH_PROFILE'],
    "only Berth's markers, with this launch's values",
  );
  assert.equal(env.BERTH_INSTANCE_ID, inst.id);
  assert.equal(env.BERTH_PROFILE, 'envs');
  assert.equal(env.BERTH_HOME_ID, homeIdFor(home.dir));

  assert.equal(env.MY_SETTING, 'kept');
  assert.equal(env.NPM_TOKEN_OF_MINE, 'kept too');
  assert.ok(env.PATH, 'PATH');
  assert.equal(env.HOME, process.env.HOME);
  assert.equal(env.FROM_ENV_FILE, 'yes', "the profile's env file");
  assert.equal(env.SHARED, 'from the profile', "the profile's env over the user's");
  assert.equal(env.PORT, String(inst.ports.PORT));
  assert.equal(env.HMR_PORT, String(inst.ports.HMR_PORT));
  assert.notEqual(env.PORT, env.HMR_PORT);
  assert.equal(env.API_URL, `http://localhost:${inst.ports.PORT}/api`, 'templates in env values expanded');
});
