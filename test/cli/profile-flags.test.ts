import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyProfileFlags } from '../../electron/cli/profile-commands.js';
import { parseStartPorts } from '../../electron/cli/instance-commands.js';
import { UsageError } from '../../electron/cli/exit.js';
import { Profile } from '../../electron/contract/profile.js';
import { unknownPlaceholders } from '../../electron/core/profiles/references.js';

/** Issue 10 §1: a profile has exactly the port variables the user gave. */
const add = (flags: Record<string, string | boolean | string[]>) =>
  Profile.parse(applyProfileFlags({ name: 'api', cwd: '/', command: 'x' }, flags));

test('--port API_PORT=8000 makes API_PORT only; no port flag makes the default PORT', () => {
  assert.deepEqual(add({ port: ['API_PORT=8000'] }).ports, [{ name: 'API_PORT', preferred: 8000, pinned: false }]);
  assert.deepEqual(add({}).ports, [{ name: 'PORT', pinned: false }]);
  assert.deepEqual(
    add({ port: ['5173', 'VITE_HMR_PORT=24678'] }).ports.map((p) => [p.name, p.preferred]),
    [
      ['PORT', 5173],
      ['VITE_HMR_PORT', 24678],
    ],
  );
  assert.deepEqual(add({ range: ['3000-3010'] }).ports, [{ name: 'PORT', range: [3000, 3010], pinned: false }]);
  assert.deepEqual(add({ pin: true }).ports, [{ name: 'PORT', pinned: true }]);
});

test('edit keeps the variables it has and changes the named one; --unstick forgets remembered ports', () => {
  const base = Profile.parse({
    name: 'api',
    cwd: '/',
    command: 'x',
    ports: [
      { name: 'API_PORT', preferred: 8000, sticky: 8001 },
      { name: 'ADMIN_PORT', sticky: 9001 },
    ],
  });
  const moved = Profile.parse(applyProfileFlags({ ...base }, { port: ['ADMIN_PORT=9000'] }));
  assert.deepEqual(
    moved.ports.map((p) => [p.name, p.preferred, p.sticky]),
    [
      ['API_PORT', 8000, 8001],
      ['ADMIN_PORT', 9000, undefined],
    ],
  );
  const unstuck = Profile.parse(applyProfileFlags({ ...base }, { unstick: true }));
  assert.deepEqual(
    unstuck.ports.map((p) => p.sticky),
    [undefined, undefined],
  );
});

test('--after takes names, repeated or comma-separated; an empty one clears', () => {
  assert.deepEqual(add({ after: ['api2', 'db,cache'] }).after, ['api2', 'db', 'cache']);
  assert.deepEqual(
    Profile.parse(applyProfileFlags({ name: 'w', cwd: '/', command: 'x', after: ['a'] }, { after: [''] })).after,
    [],
  );
  assert.deepEqual(add({}).after, []);
});

test('start --port: N for the first variable, NAME=N for any; two unnamed ones are refused', () => {
  assert.deepEqual(parseStartPorts(['4000']), { port: 4000 });
  assert.deepEqual(parseStartPorts(['API_PORT=8001', 'ADMIN_PORT=x']), { ports: { API_PORT: 8001, ADMIN_PORT: 'x' } });
  assert.deepEqual(parseStartPorts(['4000', 'HMR=24679']), { port: 4000, ports: { HMR: 24679 } });
  assert.throws(() => parseStartPorts(['4000', '4001']), UsageError);
});

test('edit naming variables replaces the PORT a profile only got because no port was given', () => {
  const implicit = add({});
  const named = Profile.parse(applyProfileFlags({ ...implicit }, { port: ['API_PORT=8000'] }));
  assert.deepEqual(named.ports, [{ name: 'API_PORT', preferred: 8000, pinned: false }]);
  // A PORT the user gave (a preference, a range, a remembered port) stays.
  const given = Profile.parse(applyProfileFlags({ ...add({ port: ['3000'] }) }, { port: ['API_PORT=8000'] }));
  assert.deepEqual(
    given.ports.map((p) => p.name),
    ['PORT', 'API_PORT'],
  );
  // Editing PORT itself keeps it.
  assert.deepEqual(Profile.parse(applyProfileFlags({ ...implicit }, { port: ['3005'] })).ports, [
    { name: 'PORT', preferred: 3005, pinned: false },
  ]);
});

test('an unnamed --range goes with the variable the same flags name; an unnamed --port edits a lone variable', () => {
  // README: `--port API_PORT=8000 --range 8000-8010` — one variable, API_PORT, with that range.
  assert.deepEqual(add({ port: ['API_PORT=8000'], range: ['8000-8010'] }).ports, [
    { name: 'API_PORT', preferred: 8000, range: [8000, 8010], pinned: false },
  ]);
  // With an unnamed --port beside a named one, the unnamed range is PORT's, as the unnamed port is.
  assert.deepEqual(
    add({ port: ['5173', 'VITE_HMR_PORT=24678'], range: ['5173-5180'] }).ports.map((p) => [p.name, p.range]),
    [
      ['PORT', [5173, 5180]],
      ['VITE_HMR_PORT', undefined],
    ],
  );
  const base = Profile.parse({ name: 'api', cwd: '/', command: 'x', ports: [{ name: 'API_PORT', preferred: 8000 }] });
  const edited = Profile.parse(applyProfileFlags({ ...base }, { port: ['9000'], range: ['9000-9005'] }));
  assert.deepEqual(edited.ports, [{ name: 'API_PORT', preferred: 9000, range: [9000, 9005], pinned: false }]);
  const implicit = Profile.parse({ name: 'api', cwd: '/', command: 'x' });
  const named = Profile.parse(applyProfileFlags({ ...implicit }, { port: ['API_PORT=8000'], range: ['8000-8010'] }));
  assert.deepEqual(
    named.ports.map((p) => p.name),
    ['API_PORT'],
  );
});

test('a placeholder that names no port variable of the profile is refused when saved', () => {
  const p = Profile.parse({
    name: 'vite',
    cwd: '/',
    command: 'x',
    args: ['--port', '{PORT}', '{json}'],
    env: { HMR: '{VITE_HMR_PORT}', OTHER: '{api.API_PORT}' },
    url: 'http://localhost:{PORT}/',
    ports: [{ name: 'VITE_HMR_PORT' }],
  });
  // {PORT} in an arg names nothing; lower-case {json}, another profile's reference and the URL's {PORT}
  // (the first variable there) are not this check's.
  assert.deepEqual(unknownPlaceholders(p), ['{PORT}']);
  assert.deepEqual(unknownPlaceholders({ ...p, ports: [{ name: 'PORT', pinned: false }, ...p.ports] }), []);
});
