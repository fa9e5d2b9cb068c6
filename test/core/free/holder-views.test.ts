import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHolderClassifier } from '../../../electron/core/free/holders.js';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import { createProcessTracker } from '../../helpers/processes.js';

/**
 * Classing 2000 listeners on every change cost the host milliseconds per poll: an unchanged listener
 * (the same object from the scanner) keeps its view object while the context is the same, and a
 * different context (an instance started, a profile edited) classes every listener again.
 */
const procs = createProcessTracker();
after(() => procs.cleanup());

test('an unchanged listener keeps its view while the context stays; a new context classes it again', async () => {
  const a = await procs.startServer();
  const b = await procs.startServer();
  const scanner = createScanner({ mode: 'inline' });
  try {
    const ours = (await scanner.scan()).listeners.filter((l) => l.port === a.port || l.port === b.port);
    assert.equal(ours.length, 2);
    const classifier = createHolderClassifier();
    const ctx = { instances: [], profiles: [] };
    const first = await classifier.classify(ours, ctx);
    assert.deepEqual(
      first.map((v) => v.holder),
      ['user', 'user'],
    );
    const again = await classifier.classify(ours, { instances: [], profiles: [] });
    assert.equal(again[0], first[0], 'the same view object for the same listener and an equal context');
    assert.equal(again[1], first[1]);
    const bListener = ours.find((l) => l.port === b.port)!;
    const asInstance = {
      instances: [{ id: 'web-1', profile: 'web', pid: b.pid, pgid: null, active: true }],
      profiles: [],
    };
    const next = await classifier.classify(ours, asInstance);
    const bView = next.find((v) => v.port === b.port)!;
    assert.equal(bView.holder, 'instance', 'an instance started: its listener is classed again');
    assert.equal(bView.instance, 'web-1');
    assert.notEqual(next[0], first[0], 'every view is rebuilt for the new context');
    const back = await classifier.classify([bListener], ctx);
    assert.equal(back[0]!.holder, 'user', 'and back once the instance is gone');
  } finally {
    await scanner.close();
  }
});
