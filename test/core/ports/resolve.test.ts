import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePorts, findFreePorts, type ResolveRequest } from '../../../electron/core/ports/resolve.js';
import { createReservations } from '../../../electron/core/ports/reservations.js';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import { BerthFailure } from '../../../electron/core/result.js';
import { createProcessTracker } from '../../helpers/processes.js';
import { findFreeBlock } from '../../helpers/ports.js';

const procs = createProcessTracker();
const scanner = createScanner({ mode: 'inline' });
after(async () => {
  await procs.cleanup();
  await scanner.close();
});
const scan = () => scanner.scan();

async function expectFailure(p: Promise<unknown>): Promise<BerthFailure> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof BerthFailure, String(err));
    return err;
  }
  assert.fail('expected a failure');
}

test('source order: override > preferred > env > default', async () => {
  const [a, b, c, d] = await findFreeBlock(4, 61100);
  const reservations = createReservations();
  const base: ResolveRequest = {
    variables: [{ name: 'PORT', preferred: b!, default: d! }],
    policy: 'fallback',
    owner: 'x',
    env: { PORT: String(c) },
  };
  let r = await resolvePorts({ ...base, overrides: { PORT: a! }, owner: 'o1' }, { scan, reservations });
  assert.deepEqual([r.ports.PORT, r.allocations[0]?.source], [a, 'override']);
  r = await resolvePorts({ ...base, owner: 'o2' }, { scan, reservations });
  assert.deepEqual([r.ports.PORT, r.allocations[0]?.source], [b, 'preferred']);
  r = await resolvePorts({ ...base, variables: [{ name: 'PORT', default: d! }], owner: 'o3' }, { scan, reservations });
  assert.deepEqual([r.ports.PORT, r.allocations[0]?.source], [c, 'env']);
  r = await resolvePorts(
    { ...base, variables: [{ name: 'PORT', default: d! }], env: {}, owner: 'o4' },
    { scan, reservations },
  );
  assert.deepEqual([r.ports.PORT, r.allocations[0]?.source], [d, 'default']);
});

test('fallback: a busy preferred port moves to the next free one and records who held it', async () => {
  const block = await findFreeBlock(4, 61120);
  const holder = await procs.startServer({ env: { PORT: String(block[0]) } });
  const r = await resolvePorts(
    {
      variables: [{ name: 'PORT', preferred: block[0]!, range: [block[0]!, block[3]!] }],
      policy: 'fallback',
      owner: 'web',
    },
    { scan, reservations: createReservations() },
  );
  const a = r.allocations[0]!;
  assert.equal(a.assigned, block[1]);
  assert.equal(a.preferred, block[0]);
  assert.equal(a.heldBy?.[0]?.pid, holder.pid);
  assert.deepEqual(
    a.attempts.map((x) => [x.port, x.outcome]),
    [
      [block[0], 'busy'],
      [block[1], 'free'],
    ],
  );
});

test('strict: fails naming the holder', async () => {
  const [p] = await findFreeBlock(1, 61130);
  const holder = await procs.startServer({ env: { PORT: String(p) } });
  const err = await expectFailure(
    resolvePorts(
      { variables: [{ name: 'PORT', preferred: p! }], policy: 'strict', owner: 's' },
      { scan, reservations: createReservations() },
    ),
  );
  assert.equal(err.error.code, 'busy');
  assert.match(err.error.message, new RegExp(`Port ${p} is in use by node \\(PID ${holder.pid}\\)`));
  assert.match(err.error.hint ?? '', new RegExp(`berth free ${p}`));
});

test('free: calls the freer for a busy port, then assigns it', async () => {
  const [p] = await findFreeBlock(1, 61135);
  const holder = await procs.startServer({ env: { PORT: String(p) } });
  const freed: number[] = [];
  const r = await resolvePorts(
    { variables: [{ name: 'PORT', preferred: p! }], policy: 'free', owner: 'f' },
    {
      scan,
      reservations: createReservations(),
      freeHolder: async (port) => {
        freed.push(port);
        process.kill(holder.pid, 'SIGTERM');
        await new Promise<void>((res) => holder.child.once('exit', () => res()));
        return { freed: true, message: 'stopped' };
      },
    },
  );
  assert.deepEqual(freed, [p]);
  assert.equal(r.ports.PORT, p);
  assert.equal(r.allocations[0]?.attempts.at(-1)?.outcome, 'freed');
});

test('no free port in range: a concrete error naming holders, never a port outside the range', async () => {
  const block = await findFreeBlock(3, 61140);
  const holders = [];
  for (const p of block) holders.push(await procs.startServer({ env: { PORT: String(p) } }));
  const err = await expectFailure(
    resolvePorts(
      {
        variables: [{ name: 'PORT', preferred: block[0]!, range: [block[0]!, block[2]!] }],
        policy: 'fallback',
        owner: 'n',
      },
      { scan, reservations: createReservations() },
    ),
  );
  assert.equal(err.error.code, 'no-free-port');
  assert.equal(
    err.error.message,
    `PORT: No free port in ${block[0]}–${block[2]} (3 checked; ` +
      `${block[0]} held by node PID ${holders[0]!.pid}, ` +
      `${block[1]} held by node PID ${holders[1]!.pid}, ` +
      `${block[2]} held by node PID ${holders[2]!.pid}).`,
  );
  assert.equal(err.error.hint, `Widen the range or free one: berth free ${block[0]}`);
});

test('excluded and reserved ports are skipped; several variables get distinct ports', async () => {
  const block = await findFreeBlock(5, 61150);
  const reservations = createReservations();
  assert.ok(reservations.tryReserve(block[1]!, 'someone-else'));
  const r = await resolvePorts(
    {
      variables: [
        { name: 'PORT', preferred: block[0]!, range: [block[0]!, block[4]!] },
        { name: 'VITE_HMR_PORT', preferred: block[0]!, range: [block[0]!, block[4]!] },
      ],
      policy: 'fallback',
      exclude: [block[2]!],
      owner: 'multi',
    },
    { scan, reservations },
  );
  assert.deepEqual(r.ports, { PORT: block[0], VITE_HMR_PORT: block[3] });
  assert.deepEqual(
    r.allocations[1]?.attempts.map((a) => a.outcome),
    ['reserved', 'reserved', 'excluded', 'free'],
  );
});

test('concurrent resolutions on one range get distinct ports; a failed one releases its reservations', async () => {
  const block = await findFreeBlock(6, 61160);
  const reservations = createReservations();
  const req = (owner: string): ResolveRequest => ({
    variables: [{ name: 'PORT', preferred: block[0]!, range: [block[0]!, block[5]!] }],
    policy: 'fallback',
    owner,
  });
  const results = await Promise.all(
    ['a', 'b', 'c', 'd', 'e', 'f'].map((o) => resolvePorts(req(o), { scan, reservations })),
  );
  const ports = results.map((r) => r.ports.PORT);
  assert.equal(new Set(ports).size, 6, `distinct: ${ports.join(',')}`);
  assert.deepEqual([...ports].sort(), [...block].sort());
  const err = await expectFailure(resolvePorts(req('g'), { scan, reservations }));
  assert.equal(err.error.code, 'no-free-port');
  reservations.releaseOwner('a');
  const again = await resolvePorts(req('h'), { scan, reservations });
  assert.equal(again.ports.PORT, results[0]!.ports.PORT);
});

test('findFreePorts: first K free ports, skipping busy and excluded ones', async () => {
  const block = await findFreeBlock(5, 61170);
  await procs.startServer({ env: { PORT: String(block[1]) } });
  const ports = await findFreePorts({ from: block[0]!, to: block[4]!, count: 3, exclude: [block[2]!] }, { scan });
  assert.deepEqual(ports, [block[0], block[3], block[4]]);
});
