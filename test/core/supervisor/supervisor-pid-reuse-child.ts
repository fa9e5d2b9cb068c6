/**
 * Run by supervisor-identity.test.ts as `unshare --pid --fork --mount-proc sh -c 'node this main …'`:
 * in a fresh PID namespace this script is the only thing that creates processes, so writing
 * /proc/sys/kernel/ns_last_pid hands a dead server's pid to an unrelated process for certain. The
 * shell is PID 1 and reaps orphans, which makes a killed server's pid free again. Exits 0 when every
 * check passed; an assertion failure exits non-zero with the message on stderr.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSupervisor, type Supervisor } from '../../../electron/core/supervisor/supervisor.js';
import { createReservations } from '../../../electron/core/ports/reservations.js';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import { Profile } from '../../../electron/core/profiles/schema.js';
import { readProcStat } from '../../../electron/core/processes/linux-proc.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { fixture, isAlive, readJsonLine, sleep, waitFor, type FixtureReady } from '../../helpers/processes.js';

const [mode, home, portArg] = process.argv.slice(2) as [string, string, string];
const scanner = createScanner({ mode: 'inline' });
const node = JSON.stringify(process.execPath);
const server = fixture('server');

function make(profiles: Profile[]): Supervisor {
  return createSupervisor({
    dataDir: home,
    scan: () => scanner.scan(),
    reservations: createReservations(),
    getProfile: (n) => profiles.find((p) => p.name === n),
    rememberPort: () => {},
    onChange: () => {},
  });
}
const profile = (name: string, command: string, port: number): Profile =>
  Profile.parse({ name, command, cwd: home, ports: [{ name: 'PORT', preferred: port }] });

/**
 * Kills the recorded process, waits (synchronously: no tick runs meanwhile) until its pid is free, and hands it to
 * a new process.
 */
function killAndReuse(pid: number, kill: () => void, marker: string): ReturnType<typeof spawn> {
  kill();
  const end = Date.now() + 10_000;
  while (readProcStat(pid) !== null) if (Date.now() > end) throw new Error(`PID ${pid} was not reaped`);
  writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
  // Detached: the newcomer leads its own group, so its group id equals the recorded group id too.
  const u = spawn(process.execPath, [server, '--spawn-child'], {
    detached: true,
    env: { ...process.env, PORT: '0', MARKER: marker },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  assert.equal(u.pid, pid, 'the kernel handed the recorded pid to the unrelated process');
  return u;
}

async function expectUntouched(
  u: ReturnType<typeof spawn>,
  marker: string,
  sup: Supervisor,
  id: string,
  what: string,
): Promise<void> {
  const ready = (await readJsonLine(u, 10_000)) as FixtureReady;
  const done = await waitFor(() => (sup.get(id)?.status === 'crashed' ? sup.get(id) : undefined), 15_000);
  for (let i = 0; i < 4; i++) await sup.tick();
  await sleep(500);
  assert.equal(done?.pid, null, `${what}: not following anything`);
  assert.ok(await isAlive(u.pid!), `${what}: the process that got the pid lives`);
  assert.ok(await isAlive(ready.childPid!), `${what}: and so does its child`);
  assert.equal(existsSync(marker), false, `${what}: it never received SIGTERM`);
  assert.equal(sup.get(id)?.pid, null);
  process.kill(-u.pid!, 'SIGKILL');
}

if (mode === 'host-a') {
  // An earlier host: starts the server and goes away, leaving its records.
  const p = profile('adopted', `exec ${node} ${JSON.stringify(server)}`, Number(portArg));
  const sup = make([p]);
  const inst = await sup.start(p);
  const r = await sup.waitSettled(inst.id, 20_000);
  process.stdout.write(`${JSON.stringify({ id: inst.id, pid: r?.pid, pgid: r?.pgid, status: r?.status })}\n`);
  sup.close();
  await scanner.close();
  process.exit(0);
}

const [p1, p2] = await findFreeBlock(2, 61600);
// 1. An adopted instance whose server dies and whose pid (and group id) go to an unrelated process.
const a = spawn(process.execPath, [process.argv[1]!, 'host-a', home, String(p1)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const first = (await readJsonLine(a, 30_000)) as { id: string; pid: number; pgid: number; status: string };
await new Promise((r) => a.once('exit', r));
assert.equal(first.status, 'ready');
const adopted = profile('adopted', 'unused', p1!);
const launcher = profile('launcher', `${node} ${JSON.stringify(server)} & echo launched`, p2!);
const sup = make([adopted, launcher]);
await sup.adopt();
assert.equal(sup.get(first.id)?.status, 'ready', 'adopted from the records');
const m1 = join(home, 'term-1');
const u1 = killAndReuse(first.pid, () => process.kill(-first.pgid, 'SIGKILL'), m1);
await expectUntouched(u1, m1, sup, first.id, 'adopted');

// 2. A followed survivor (its launcher exited 0) that dies and whose pid goes to an unrelated process.
const inst = await sup.start(launcher);
assert.equal((await sup.waitSettled(inst.id, 20_000))?.status, 'ready');
const survivor = await waitFor(() => (sup.get(inst.id)?.pid !== inst.pid ? sup.get(inst.id)?.pid : undefined), 15_000);
const m2 = join(home, 'term-2');
const u2 = killAndReuse(survivor!, () => process.kill(survivor!, 'SIGKILL'), m2);
await expectUntouched(u2, m2, sup, inst.id, 'followed');

sup.close();
await scanner.close();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
process.exit(0);
