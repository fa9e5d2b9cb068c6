import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, type Host } from '../../electron/host/host.js';
import { makeTempDir } from '../helpers/temp.js';
import { runBerth } from '../helpers/berth-cli.js';

/**
 * Issue 8 §7 and issue 7 §4: no content of a data file stops the host or a command. A file of the
 * wrong shape is kept aside as `<name>.corrupt-<time>` with a notice naming it; entries that are
 * not records are dropped with a notice (kept in `<name>.rejected-<time>.json`), the valid ones kept.
 */
const hosts: Host[] = [];
const temps: { dir: string; remove: () => void }[] = [];

after(async () => {
  for (const h of hosts) await h.close({ stopInstances: true });
  for (const t of temps) t.remove();
});

async function hostWith(files: Readonly<Record<string, string>>): Promise<{ host: Host; dir: string }> {
  const t = makeTempDir();
  temps.push(t);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(t.dir, name), content);
  const started = await startHost({ dataDir: t.dir });
  assert.ok(started.ok, 'the host starts');
  hosts.push(started.host);
  return { host: started.host, dir: t.dir };
}

const berth = (home: string, ...args: string[]) => runBerth(args, { home, killAfterMs: 30_000 });

/** An ended record as Berth writes it. */
const endedRecord = {
  id: 'web-1',
  profile: 'web',
  status: 'stopped',
  pid: null,
  pgid: null,
  startKey: null,
  members: [],
  ports: { PORT: 3000 },
  actualPorts: [],
  allocation: [],
  url: 'http://localhost:3000',
  logFile: '/tmp/web-1.log',
  command: 'npm run dev',
  cwd: '/tmp',
  startedAt: 1,
  endedAt: 2,
  exitCode: 0,
  signal: null,
  restarts: 0,
  nextRestartAt: null,
  warnings: [],
  message: 'Stopped.',
  lastLines: [],
};
const savedNotice = { id: 'n-1', level: 'warning', at: 1, kind: 'port-taken', text: 'Port 3000 was taken.' };

/** Contents no JSON file of Berth's may stop anything with. */
const WRONG_SHAPES: readonly (readonly [string, string])[] = [
  ['unparsable', '{"version": 1, "instan'],
  ['null', 'null'],
  ['an array of numbers', '[1,2,3]'],
  ['a string', '"str"'],
];

type Case = Readonly<{
  file: string;
  label: string;
  content: string;
  /** The name the file or its entries are kept under starts with this. */
  aside: string;
  kind: string;
  /** Valid entries that must survive, by id. */
  kept?: readonly string[];
}>;

const CASES: readonly Case[] = [
  ...WRONG_SHAPES.map(([label, content]) => ({
    file: 'instances.json',
    label,
    content,
    aside: 'instances.json.corrupt-',
    kind: 'instance-records',
  })),
  {
    file: 'instances.json',
    label: '"instances" not a list',
    content: '{"instances":"x"}',
    aside: 'instances.json.corrupt-',
    kind: 'instance-records',
  },
  {
    file: 'instances.json',
    label: 'a null entry',
    content: '{"version":1,"instances":[null]}',
    aside: 'instances.rejected-',
    kind: 'instance-records',
  },
  {
    file: 'instances.json',
    label: 'an entry with only an id',
    content: '{"version":1,"instances":[{"id":"a"}]}',
    aside: 'instances.rejected-',
    kind: 'instance-records',
  },
  {
    file: 'instances.json',
    label: 'a valid entry beside entries of the wrong types',
    content: JSON.stringify({
      version: 1,
      instances: [endedRecord, { ...endedRecord, id: 'web-2', ports: { PORT: 'x' } }, { ...endedRecord, id: 7 }],
    }),
    aside: 'instances.rejected-',
    kind: 'instance-records',
    kept: ['web-1'],
  },
  ...WRONG_SHAPES.map(([label, content]) => ({
    file: 'notices.json',
    label,
    content,
    aside: 'notices.json.corrupt-',
    kind: 'notices-file',
  })),
  {
    file: 'notices.json',
    label: '"notices" not a list',
    content: '{"notices":"x"}',
    aside: 'notices.json.corrupt-',
    kind: 'notices-file',
  },
  {
    file: 'notices.json',
    label: 'a null entry',
    content: '{"version":1,"notices":[null]}',
    aside: 'notices.rejected-',
    kind: 'notices-file',
  },
  {
    file: 'notices.json',
    label: 'an entry with only an id',
    content: '{"version":1,"notices":[{"id":"a"}]}',
    aside: 'notices.rejected-',
    kind: 'notices-file',
  },
  {
    file: 'notices.json',
    label: 'a valid entry beside entries of the wrong types',
    content: JSON.stringify({
      version: 1,
      notices: [savedNotice, { ...savedNotice, id: 'n-2', port: 'x' }, { ...savedNotice, id: 'n-3', level: 'loud' }],
    }),
    aside: 'notices.rejected-',
    kind: 'notices-file',
    kept: ['n-1'],
  },
  ...[...WRONG_SHAPES, ['a field of the wrong type', '{"version":1,"pollIdleSeconds":"x"}'] as const].map(
    ([label, content]) => ({
      file: 'settings.json',
      label,
      content,
      aside: 'settings.json.corrupt-',
      kind: 'settings-file',
    }),
  ),
];

for (const c of CASES) {
  test(`${c.file} holding ${c.label}: the host starts, the file is kept aside with a notice`, async () => {
    const { host, dir } = await hostWith({ [c.file]: c.content });
    const api = host.engine.api;
    const instances = await api['instances.list']({ scope: 'all' });
    assert.ok(instances.ok, JSON.stringify(instances));
    const notices = await api['notices.list']({});
    assert.ok(notices.ok, JSON.stringify(notices));

    const aside = readdirSync(dir).filter((n) => n.startsWith(c.aside));
    assert.equal(aside.length, 1, `kept aside as ${c.aside}*: ${readdirSync(dir).join(', ')}`);
    if (c.aside.endsWith('.corrupt-')) assert.equal(readFileSync(join(dir, aside[0]!), 'utf8'), c.content, 'as it was');
    const notice = notices.value.notices.find((n) => n.kind === c.kind);
    assert.ok(notice, `a ${c.kind} notice: ${JSON.stringify(notices.value.notices)}`);
    assert.ok(notice.text.includes(join(dir, aside[0]!)), `the notice names the file: ${notice.text}`);

    if (c.file === 'instances.json')
      assert.deepEqual(
        instances.value.instances.map((i) => i.id),
        c.kept ?? [],
      );
    if (c.file === 'notices.json')
      assert.deepEqual(
        notices.value.notices.filter((n) => n.kind !== c.kind).map((n) => n.id),
        c.kept ?? [],
      );

    // The faces read what the engine kept: a CLI command against this host works.
    const status = await berth(dir, 'status', '--all', '--json');
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(
      (JSON.parse(status.stdout) as { id: string }[]).map((i) => i.id),
      c.file === 'instances.json' ? (c.kept ?? []) : [],
    );
    assert.match(status.stderr, /berth: warning: /, 'the notice reaches the CLI');
  });
}

for (const [label, content] of [
  ...WRONG_SHAPES,
  ['"seen" a number', '{"seen":5}'],
  ['"seen" a string', '{"seen":"abc"}'],
  ['"seen" holding no ids', '{"seen":[1,null,{}]}'],
] as const) {
  test(`cli-seen-notices.json holding ${label}: CLI commands work and still show new notices`, async () => {
    const { dir } = await hostWith({ 'settings.json': 'null', 'cli-seen-notices.json': content });
    const first = await berth(dir, 'profile', 'ls');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /berth: warning: Your settings file could not be used/);
    const second = await berth(dir, 'profile', 'ls');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr, '', 'said once: the file was rewritten with what was shown');
  });
}
