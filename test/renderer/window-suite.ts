import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright';
import type { Host } from '../../electron/host/host.js';
import { createProcessTracker } from '../helpers/processes.js';
import { launchChromium, openDashboard, startTestHost, type OpenOptions, type PageProblems } from './browser.js';
import { devServerCommand, freePort, writeDevServer } from './servers.js';

export type WindowSuite = {
  readonly browser: Browser;
  readonly host: Host;
  readonly dataDir: string;
  /** The dev-server stand-in (servers.ts) written into the data dir. */
  readonly server: string;
  readonly procs: ReturnType<typeof createProcessTracker>;
  /** The dashboard of this suite's host in a fresh context (openDashboard). */
  open(options?: OpenOptions): Promise<{ page: Page; problems: PageProblems }>;
  /** Saves a profile running the dev-server stand-in on a free preferred port (`extra` over it); its port. */
  saveDevProfile(name: string, extra?: Readonly<Record<string, unknown>>): Promise<number>;
};

/**
 * What every window suite shares; call it inside the suite's describe. `before` its tests: a real host on a
 * temp data dir (`prepare` runs on the empty dir before the host reads it), the dev-server stand-in written
 * there, and Chromium. `after` them: Chromium closed, the host closed with its instances, every process the
 * tests started through `procs` killed.
 */
export function windowSuite(o: Readonly<{ prepare?: (dataDir: string) => void }> = {}): WindowSuite {
  let browser: Browser | undefined;
  let th: Awaited<ReturnType<typeof startTestHost>> | undefined;
  let server = '';
  const procs = createProcessTracker();
  before(async () => {
    th = await startTestHost(o.prepare);
    server = writeDevServer(th.dataDir);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await th?.close();
    await procs.cleanup();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the window suite has not started (used outside its tests)');
    return v;
  };
  const suite: WindowSuite = {
    get browser() {
      return ready(browser);
    },
    get host() {
      return ready(th).host;
    },
    get dataDir() {
      return ready(th).dataDir;
    },
    get server() {
      return server;
    },
    procs,
    open: (options = {}) => openDashboard(suite.browser, suite.host.dashboardUrl, options),
    async saveDevProfile(name, extra = {}) {
      const port = await freePort();
      const profile = {
        name,
        command: devServerCommand(server),
        cwd: suite.dataDir,
        ports: [{ name: 'PORT', preferred: port }],
        ...extra,
      };
      const saved = await suite.host.engine.api['profiles.save']({ profile });
      assert.ok(saved.ok, JSON.stringify(saved));
      return port;
    },
  };
  return suite;
}
