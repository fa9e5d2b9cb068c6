import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFolder } from '../../../electron/core/profiles/importers.js';
import { findCycle, startOrder } from '../../../electron/core/profiles/start-order.js';
import { findReferences } from '../../../electron/core/profiles/references.js';
import { Profile } from '../../../electron/contract/profile.js';
import { makeTempDir } from '../../helpers/temp.js';

/** Issue 10 §1: import makes port variables only of PORT and the framework's own port; --after ordering. */
const root = makeTempDir();
after(() => root.remove());
function folder(name: string, files: Record<string, string>): string {
  const dir = join(root.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  return dir;
}

test('REDIS_PORT in .env stays an env value, listed as left alone; PORT is read from .env', () => {
  const dir = folder('node-app', {
    'package.json': JSON.stringify({ scripts: { dev: 'node server.js' } }),
    '.env': 'PORT=4000\nREDIS_PORT=6379\nDB_PORT=5432\n',
  });
  const { drafts, leftAlone, notes } = importFolder(dir);
  assert.deepEqual(
    drafts.map((d) => [d.profile.name, d.profile.ports, d.profile.envFile]),
    [['node-app-dev', [{ name: 'PORT' }], '.env']],
  );
  assert.deepEqual(
    leftAlone.map((l) => `${l.name}=${l.value}`),
    ['REDIS_PORT=6379', 'DB_PORT=5432'],
  );
  assert.match(leftAlone[0]!.reason, /plain env value/);
  assert.match(notes.join('\n'), /PORT=4000/);
});

test("the framework's own port: vite's default, or the one its script passes", () => {
  const dir = folder('vite-app', {
    'package.json': JSON.stringify({ scripts: { dev: 'vite --port 5180', start: 'next start' } }),
  });
  const { drafts } = importFolder(dir);
  assert.deepEqual(
    drafts.map((d) => [d.profile.name, d.profile.ports, d.profile.args]),
    [
      ['vite-app-dev', [{ name: 'PORT', preferred: 5180 }], ['--port', '{PORT}', '--strictPort']],
      ['vite-app-start', [{ name: 'PORT', preferred: 3000 }], ['-p', '{PORT}']],
    ],
  );
});

test('a Python project (no package.json, no Procfile): nothing to import, with a hint to use profile add', () => {
  const dir = folder('py-app', { 'app.py': 'print(1)\n', '.env': 'API_PORT=8000\n' });
  const found = importFolder(dir);
  assert.deepEqual(found.drafts, []);
  assert.match(found.notes.join('\n'), /^Nothing to import in .*py-app: no package\.json and no Procfile\.$/m);
  assert.match(found.hint ?? '', /^Add a profile by hand: berth profile add py-app /);
});

const p = (name: string, over: Record<string, unknown> = {}) =>
  Profile.parse({ name, cwd: '/', command: 'x', ...over });

test('start order: dependencies first (after and {name.VAR} references), a cycle or a missing one is an error', () => {
  const all = new Map(
    [
      p('web', { after: ['api'] }),
      p('api', { env: { DB: 'postgres://localhost:{db.PORT}/x' } }),
      p('db'),
      p('lone'),
    ].map((x) => [x.name, x]),
  );
  const get = (n: string) => all.get(n);
  assert.deepEqual(
    startOrder([all.get('web')!, all.get('lone')!], get).map((x) => x.name),
    ['db', 'api', 'web', 'lone'],
  );
  assert.deepEqual(findReferences(all.get('api')!), [{ profile: 'db', variable: 'PORT', key: 'db.PORT' }]);
  assert.equal(findCycle(p('db', { after: ['web'] }), [...all.values()]), 'db → web → api → db');
  assert.throws(
    () => startOrder([p('x', { after: ['nope'] })], get),
    /x starts after nope, but no profile is named nope\./,
  );
  // A name that is no profile is text, not a dependency.
  assert.deepEqual(
    startOrder([p('t', { env: { A: '{user.NAME}' } })], get).map((x) => x.name),
    ['t'],
  );
});
