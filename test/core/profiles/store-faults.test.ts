import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openProfileStore } from '../../../electron/core/profiles/store.js';
import { Profile } from '../../../electron/contract/profile.js';
import type { NoticeInput } from '../../../electron/contract/views.js';
import { validateProfile } from '../../../electron/core/profiles/validate.js';
import { waitFor } from '../../helpers/processes.js';
import { makeTempDir } from '../../helpers/temp.js';

/** Issue 8 §7: profiles are never lost, whatever the disk or the user's editor does. */
const temps: { dir: string; remove: () => void }[] = [];
after(() => temps.forEach((t) => t.remove()));
function tempDir(): string {
  const t = makeTempDir();
  temps.push(t);
  return t.dir;
}
const profile = (name: string) => Profile.parse({ name, command: 'true', cwd: '/' });
const onDisk = (dir: string): string[] =>
  Object.keys((JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')) as { profiles: object }).profiles);

test('a failed save (disk full) changes nothing in memory or on disk, and says so', async (t) => {
  const dir = join(tempDir(), 'small');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    t.skip('cannot mount a small tmpfs here (needs root): the disk-full case is not run');
    return;
  }
  try {
    const store = await openProfileStore(dir, { watchMs: 0 });
    assert.ok(store.replaceAll([profile('kept')]).ok);
    // Fill the file system to the last byte.
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(1024 * 1024));
    } catch {
      // ENOSPC: it is full now
    }
    const add = store.replaceAll([profile('kept'), profile('added'.repeat(10))]);
    assert.equal(add.ok, false);
    assert.ok(!add.ok && /not saved/.test(add.error.message), JSON.stringify(add));
    assert.deepEqual(
      store.list().map((p) => p.name),
      ['kept'],
    );
    const remove = store.replaceAll([]);
    assert.equal(remove.ok, false);
    assert.deepEqual(
      store.list().map((p) => p.name),
      ['kept'],
      'a failed remove is not hidden either',
    );
    assert.deepEqual(onDisk(dir), ['kept']);
    rmSync(join(dir, 'filler'), { force: true });
    assert.ok(store.replaceAll([profile('kept'), profile('later')]).ok);
    assert.deepEqual(onDisk(dir), ['kept', 'later'], 'the next successful save writes only what was asked');
    store.close();
  } finally {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  }
});

test('an edit by hand while the host runs is picked up, and never overwritten by the next save', async () => {
  const dir = tempDir();
  const notices: NoticeInput[] = [];
  const store = await openProfileStore(dir, { watchMs: 50, notify: (n) => notices.push(n) });
  assert.ok(store.replaceAll([profile('a')]).ok);
  const seen: string[][] = [];
  store.onChange((list) => seen.push(list.map((p) => p.name)));
  const file = join(dir, 'profiles.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Record<string, unknown> };
  data.profiles.b = { ...profile('b') };
  writeFileSync(file, JSON.stringify(data, null, 2));
  await waitFor(() => store.get('b') !== undefined, 10_000);
  assert.deepEqual(seen.at(-1), ['a', 'b']);
  // An edit the host has not seen yet when a save arrives: the save is refused, the edit stays.
  data.profiles.c = { ...profile('c') };
  writeFileSync(file, JSON.stringify(data, null, 2));
  const save = store.replaceAll([...store.list(), profile('d')]);
  assert.ok(save.ok || save.error.code === 'busy');
  assert.ok(onDisk(dir).includes('c'), 'the hand edit is still on disk');
  assert.ok(store.get('c'), 'and loaded');
  // An invalid hand edit is kept aside with a notice; the profiles Berth had stay.
  writeFileSync(file, '{ this is not json');
  await waitFor(() => notices.some((n) => n.kind === 'profiles-file'), 10_000);
  assert.ok(readdirSync(dir).some((n) => n.startsWith('profiles.json.corrupt-')));
  assert.ok(store.get('a'));
  // ...and are written back, so a host started next still has them; the notice says so.
  const kept = store.list().map((p) => p.name);
  assert.deepEqual(onDisk(dir), kept);
  const said = notices.find((n) => n.kind === 'profiles-file')!;
  assert.match(
    said.text,
    /^Your edit of profiles\.json could not be read .*Berth kept the \d+ profiles it had and wrote/,
  );
  store.close();
  const next = await openProfileStore(dir, { watchMs: 0, notify: () => {} });
  assert.deepEqual(
    next.list().map((p) => p.name),
    kept,
  );
  next.close();
});

test('a migration that cannot convert an entry backs up the original first and names the entry', async () => {
  const dir = tempDir();
  const original = JSON.stringify({ profiles: [{ ...profile('old') }, { command: 'nameless' }] });
  writeFileSync(join(dir, 'profiles.json'), original);
  const notices: NoticeInput[] = [];
  const store = await openProfileStore(dir, { watchMs: 0, notify: (n) => notices.push(n) });
  assert.deepEqual(
    store.list().map((p) => p.name),
    ['old'],
  );
  const backup = readdirSync(dir).find((n) => n.startsWith('profiles.v0-backup-'));
  assert.ok(backup);
  assert.equal(readFileSync(join(dir, backup), 'utf8'), original);
  const n = notices.find((x) => x.kind === 'profiles-migration');
  assert.ok(n && /entry 2 has no name/.test(n.text) && n.text.includes(backup), JSON.stringify(notices));
  assert.ok(existsSync(join(dir, 'profiles.json')));
  store.close();
});

test('NUL bytes in any string of a profile are refused with the field named', () => {
  const base = { name: 'x', command: 'true', cwd: '/' };
  for (const [field, value, path] of [
    ['command', 'echo a\0b', 'command'],
    ['cwd', '/tm\0p', 'cwd'],
    ['env', { A: 'x\0y' }, 'env.A'],
    ['args', ['--port', 'a\0'], 'args.1'],
    ['url', 'http://x\0', 'url'],
  ] as const) {
    const r = validateProfile({ ...base, [field]: value });
    assert.equal(r.ok, false, field);
    assert.ok(
      !r.ok && r.error.message.startsWith(`${path}: must not contain a NUL byte`),
      `${field}: ${!r.ok ? r.error.message : ''}`,
    );
  }
});

test('a port range wider than 1000 ports is refused with a message', () => {
  const r = validateProfile({ name: 'x', command: 'true', cwd: '/', ports: [{ name: 'PORT', range: [3000, 9000] }] });
  assert.ok(!r.ok && /3000-9000 spans 6001 ports; a range may span at most 1000/.test(r.error.message));
});
