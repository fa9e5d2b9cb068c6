import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLinuxScanSource } from '../../../electron/core/ports/linux-source.js';
import { createProcessTracker } from '../../helpers/processes.js';
import { startLateListener as startLate } from './late-listener.js';
import { runAsNobody } from './as-nobody.js';

/**
 * The owner search order (issue 9, item 1): a new listener is found among new processes, then
 * processes whose fd count changed, then previous owners, and the search stops there.
 */
const procs = createProcessTracker();
after(() => procs.cleanup());
const linux = process.platform === 'linux';
const startLateListener = () => startLate(procs);

test(
  'a listener in a new process is found among the new processes, without walking the others',
  { skip: !linux && 'Linux only' },
  async () => {
    const source = createLinuxScanSource();
    try {
      source.scan();
      source.scan();
      const server = await procs.startServer();
      const l = source.scan().listeners.find((x) => x.port === server.port);
      assert.equal(l?.pid, server.pid);
      const report = source.index.lastSearch();
      assert.equal(report?.mode, 'find');
      assert.equal(report?.foundIn, 'new');
      assert.equal(report?.complete, false, 'the search stopped before walking every process');
    } finally {
      source.close();
    }
  },
);

test(
  'a listener opened by an old process is found among the processes whose fd count changed',
  { skip: !linux && 'Linux only' },
  async () => {
    const late = await startLateListener();
    const source = createLinuxScanSource();
    try {
      source.scan(); // the fixture is known, its fd count recorded
      const { port } = await late.send('listen');
      const l = source.scan().listeners.find((x) => x.port === port);
      assert.equal(l?.pid, late.pid);
      assert.equal(source.index.lastSearch()?.foundIn, 'changed');
    } finally {
      source.close();
      late.child.stdin!.destroy();
    }
  },
);

for (const [cmd, tier] of [
  ['relisten', 'vacated'],
  ['relisten-moved', 'previous'],
] as const) {
  const how =
    cmd === 'relisten' ? 'at the fd its old listener had (one readlink)' : 'at another fd (its fd table walked)';
  test(
    `a previous owner that re-listens with the same fd count is found ${how}`,
    { skip: !linux && 'Linux only' },
    async () => {
      const late = await startLateListener();
      const source = createLinuxScanSource();
      try {
        const first = await late.send('listen');
        assert.equal(source.scan().listeners.find((x) => x.port === first.port)?.pid, late.pid);
        const second = await late.send(cmd);
        assert.equal(second.same, true, 'the fixture kept its fd count');
        const r = source.scan();
        assert.equal(r.listeners.find((x) => x.port === second.port)?.pid, late.pid);
        assert.ok(!r.listeners.some((x) => x.port === first.port), 'the closed listener is gone');
        assert.equal(source.index.lastSearch()?.foundIn, tier);
      } finally {
        source.close();
        late.child.stdin!.destroy();
      }
    },
  );
}

test('an unchanged dump returns the very same result object', { skip: !linux && 'Linux only' }, async () => {
  await procs.startServer();
  for (const kernel of ['netlink', 'procfs'] as const) {
    const source = createLinuxScanSource({ kernel });
    try {
      // Other work on the machine may open or close listeners meanwhile: retry a few times for a quiet pair.
      let same = false;
      for (let i = 0; i < 20 && !same; i++) {
        const a = source.scan();
        const b = source.scan();
        same = a === b && a.listeners === b.listeners;
        if (!same) assert.notDeepEqual(portsOf(a), portsOf(b), `${kernel}: a new object only when something changed`);
      }
      assert.ok(same, `${kernel}: two scans of an unchanged machine return one object`);
    } finally {
      source.close();
    }
  }
});

function portsOf(r: {
  listeners: readonly { inode: number; port: number; pid: number | null; reason?: string }[];
}): string[] {
  return r.listeners.map((l) => `${l.inode} ${l.port} ${l.pid} ${l.reason ?? ''}`);
}

test(
  'a socket nobody visibly holds is searched for again only among new processes, not in full walks',
  { skip: (!linux || process.getuid?.() !== 0) && 'needs root to run the scan as another user' },
  async (t) => {
    // As user nobody, root's listener cannot be attributed: it stays listed with a reason, and later
    // polls look for it only where it can have appeared.
    const server = await procs.startServer();
    const url = new URL('../../../electron/core/ports/linux-source.js', import.meta.url).href;
    const script = `const { createLinuxScanSource } = await import(${JSON.stringify(url)});
const { spawnSync } = await import('node:child_process');
const s = createLinuxScanSource();
const out = [];
for (let i = 0; i < 4; i++) {
  if (i === 2) spawnSync('true'); // a new process: the next poll looks at new processes only
  const l = s.scan().listeners.find((x) => x.port === ${server.port});
  out.push({ pid: l.pid, reason: l.reason, search: s.index.lastSearch() });
}
console.log(JSON.stringify(out));
s.close();`;
    const stdout = runAsNobody(t, url, script);
    if (stdout === null) return;
    const polls = JSON.parse(stdout) as {
      pid: number | null;
      reason?: string;
      search: { mode: string; complete: boolean; at: number } | null;
    }[];
    for (const p of polls) {
      assert.equal(p.pid, null);
      assert.match(p.reason ?? '', /owned by user root/);
    }
    assert.equal(polls[0]!.search?.mode, 'find');
    assert.equal(polls[0]!.search?.complete, true, 'the first search walks every process');
    for (const p of polls.slice(1)) {
      const s = p.search!;
      if (s.at !== polls[0]!.search!.at && s.mode === 'find') continue; // other work on the machine opened a listener
      // Either no search at all (the report is the first poll's) or a recheck that is not a full walk.
      assert.ok(
        s.at === polls[0]!.search!.at || (s.mode === 'recheck' && !s.complete),
        `poll searched: ${JSON.stringify(s)}`,
      );
    }
    assert.notEqual(polls[2]!.search!.at, polls[0]!.search!.at, 'a poll after a process was created searches');
  },
);
