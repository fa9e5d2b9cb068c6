import { after } from 'node:test';
import { createServer, type Server } from 'node:net';
import { createSupervisor, type Supervisor } from '../../../electron/core/supervisor/supervisor.js';
import type { SupervisorDeps } from '../../../electron/core/supervisor/context.js';
import type { Instance } from '../../../electron/core/supervisor/types.js';
import { findMarkedLaunches } from '../../../electron/core/supervisor/find-marked.js';
import { homeIdFor } from '../../../electron/core/supervisor/child-env.js';
import { createReservations } from '../../../electron/core/ports/reservations.js';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import { Profile, type ProfileInput } from '../../../electron/core/profiles/schema.js';
import type { NoticeInput } from '../../../electron/contract/views.js';
import { createProcessTracker, fixture } from '../../helpers/processes.js';
import { makeTempDir } from '../../helpers/temp.js';

/** This Node and the fixture server, quoted for a profile's shell command. */
export const node = JSON.stringify(process.execPath);
export const server = JSON.stringify(fixture('server'));

export type SuiteOptions = Readonly<{
  /** Which instances `after` stops before it closes each supervisor (default: running or waiting to restart). */
  stopAtEnd?: (i: Instance) => boolean;
}>;
export type SetupOptions = Readonly<{
  backoffScale?: number;
  /** Hands the supervisor listProfiles (automatic port choices then skip the ports other profiles pin). */
  listProfiles?: boolean;
  /** What every profile `add` makes has unless it says otherwise (e.g. a short readyTimeout). */
  profileDefaults?: Partial<ProfileInput>;
  /** false: the test closes its supervisors itself and `after` leaves them alone. */
  track?: boolean;
}>;

/**
 * One supervisor test file's shared pieces: an inline scanner, a process tracker, temp data dirs and the
 * supervisors made on them; `after` the file, the ports taken are released, the instances stopped, the
 * supervisors closed, the processes killed (by PID, identity verified) and the dirs removed.
 */
export function supervisorSuite(so: SuiteOptions = {}) {
  const scanner = createScanner({ mode: 'inline' });
  const procs = createProcessTracker();
  const dirs: { remove: () => void }[] = [];
  const sups: Supervisor[] = [];
  const held: Server[] = [];
  const stopAtEnd = so.stopAtEnd ?? ((i: Instance) => i.pid !== null || i.nextRestartAt !== null);
  after(async () => {
    for (const h of held) h.close(); // first: a stop waits until the instance's ports bind again
    for (const s of sups) {
      for (const i of s.list()) if (stopAtEnd(i)) await s.stop(i.id);
      s.close();
    }
    await procs.cleanup();
    await scanner.close();
    for (const d of dirs) d.remove();
  });

  /** A temp dir removed after the file. */
  function tempDir(): { dir: string; remove: () => void } {
    const t = makeTempDir();
    dirs.push(t);
    return t;
  }

  /**
   * A data dir with its profiles: `add` parses a profile (cwd the data dir) and makes it known, `make`
   * creates a supervisor on the dir (deps given override), `remembered` and `notices` are what it reported.
   */
  function supervisors(o: SetupOptions = {}) {
    const home = tempDir();
    const profiles = new Map<string, Profile>();
    const remembered: [string, string, number][] = [];
    const notices: NoticeInput[] = [];
    const make = (deps: Partial<SupervisorDeps> = {}): Supervisor => {
      const sup = createSupervisor({
        dataDir: home.dir,
        scan: () => scanner.scan(),
        reservations: createReservations(),
        getProfile: (n) => profiles.get(n),
        ...(o.listProfiles && { listProfiles: () => [...profiles.values()] }),
        rememberPort: (p, v, port) => remembered.push([p, v, port]),
        onChange: () => {},
        onNotice: (n) => notices.push(n),
        ...(o.backoffScale !== undefined && { backoffScale: o.backoffScale }),
        ...deps,
      });
      if (o.track !== false) sups.push(sup);
      return sup;
    };
    const add = (input: Partial<ProfileInput> & { name: string; command: string }): Profile => {
      const p = Profile.parse({ cwd: home.dir, ...o.profileDefaults, ...input });
      profiles.set(p.name, p);
      return p;
    };
    /** Live copies of a profile's servers, counted by the marker in their environment, not by Berth's records. */
    const copies = (profile: string): number => findMarkedLaunches(homeIdFor(home.dir), { profile }).size;
    return { home, profiles, make, add, copies, remembered, notices };
  }

  /** supervisors() with one supervisor made. */
  function setup(o: SetupOptions = {}) {
    const s = supervisors(o);
    return { ...s, sup: s.make() };
  }

  /** This test process takes the port on 127.0.0.1 (where the fixture listens) until the file ends. */
  function take(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen({ port, host: '127.0.0.1' }, () => resolve());
      held.push(s);
    });
  }

  /** `after` no longer stops or closes this supervisor (the test closed it; its servers run on). */
  function untrack(sup: Supervisor): void {
    sups.splice(sups.indexOf(sup), 1);
  }

  return { scanner, procs, tempDir, supervisors, setup, take, untrack };
}
