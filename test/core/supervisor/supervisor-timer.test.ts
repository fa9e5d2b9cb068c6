import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/**
 * Issue 9 §5: the supervisor's tick (log relay, liveness of adopted instances) is armed only while
 * instances exist, so an idle host is not woken four times a second. Observed through setInterval.
 */
const { setup } = supervisorSuite();

test('no tick timer without instances; one while an instance runs; none again after it ended', async () => {
  const armed = new Set<ReturnType<typeof setInterval>>();
  const realSet = globalThis.setInterval;
  const realClear = globalThis.clearInterval;
  const ticks = (): number => armed.size;
  globalThis.setInterval = ((fn: () => void, ms?: number) => {
    const t = realSet(fn, ms);
    if (ms === 250) armed.add(t);
    return t;
  }) as typeof setInterval;
  globalThis.clearInterval = ((t: ReturnType<typeof setInterval> | undefined) => {
    if (t !== undefined) armed.delete(t);
    realClear(t);
  }) as typeof clearInterval;
  try {
    const { sup, add } = setup();
    assert.equal(ticks(), 0, 'a supervisor with nothing to watch arms no timer');
    const [port] = await findFreeBlock(1, 62580);
    const p = add({ name: 'ticked', command: `exec ${node} ${server}`, ports: [{ name: 'PORT', preferred: port }] });
    const inst = await sup.waitSettled((await sup.start(p)).id, 20_000);
    assert.equal(inst?.status, 'ready');
    assert.equal(ticks(), 1, 'one tick timer while the instance runs');
    await sup.stop(inst!.id);
    await new Promise((r) => setTimeout(r, 700)); // the next tick finds nothing and disarms
    assert.equal(ticks(), 0, 'disarmed once no instance is left');
  } finally {
    globalThis.setInterval = realSet;
    globalThis.clearInterval = realClear;
  }
});
