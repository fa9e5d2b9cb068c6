import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright';
import { checkBindable } from '../../electron/core/ports/free-check.js';
import { fixture, isAlive, readJsonLine, waitFor, type FixtureReady } from '../helpers/processes.js';
import { openDashboard, screenshot, showView, skipReason, startTestHost, type PageProblems } from './browser.js';
import { windowSuite } from './window-suite.js';
import { freePort } from './servers.js';

const skip = skipReason();
const CLEAN: PageProblems = { console: [], errors: [], csp: [] };

type Rect = { x: number; y: number; width: number; height: number };
type Moved = { what: string; from: Rect; to: Rect };
type Focused = { label: string; row: string | null; visible: boolean; outline: string };
declare const document: {
  activeElement: unknown;
  querySelector(s: string): unknown;
  querySelectorAll(s: string): ArrayLike<unknown>;
};
declare const window: { __layout: { moved: Moved[]; frames: number; stop: boolean } };
declare const requestAnimationFrame: (f: () => void) => void;
declare const getComputedStyle: (e: unknown) => { outlineStyle: string; outlineWidth: string; outlineColor: string };
declare const EventSource: new (url: string) => {
  addEventListener(type: string, f: (e: { data: string }) => void): void;
  close(): void;
};
/** The parts of a pushed snapshot the layout test waits on. */
type Pushed = {
  rev: number;
  listeners: { port: number }[];
  settings: { watchedPorts: number[] };
  profiles: { name: string }[];
};
declare const globalThis: { __states?: number[]; __last?: Pushed; __events?: { close(): void } };

/**
 * An in-flight listener: a server socket sent over a Unix socket (SCM_RIGHTS) to `sleep`, which never
 * reads it, then closed by its sender. The kernel keeps it listening, but no process has it among its
 * open files: Berth lists it with no PID (holder "unknown"). Killing `sleep` releases it.
 */
const IN_FLIGHT = `
const { spawn } = require('node:child_process');
const net = require('node:net');
const server = net.createServer();
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  const keeper = spawn('sleep', ['600'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], detached: true });
  keeper.send('listener', server, (err) => {
    server.close();
    console.log(JSON.stringify({ ready: !err, pid: keeper.pid, port: Number(process.env.PORT) }));
    keeper.disconnect();
    keeper.unref();
  });
});
`;

/** The row of a port in the Ports view, filtered to that port. */
async function portRow(page: Page, port: number) {
  await showView(page, 'Ports');
  await page.getByLabel('Filter').fill(String(port));
  const row = page.locator(`li.listener[data-port="${port}"]`);
  await row.first().waitFor({ timeout: 15_000 });
  return row.first();
}

/** What has keyboard focus: its role and name as a user hears them, its row, and its focus ring. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const e = document.activeElement as {
      tagName: string;
      textContent: string | null;
      getAttribute(n: string): string | null;
      matches(s: string): boolean;
      closest(s: string): { getAttribute(n: string): string | null } | null;
    } | null;
    if (!e || e.tagName === 'BODY') return { label: 'body', row: null, visible: false, outline: '' };
    const role = e.tagName === 'A' ? 'link' : e.tagName.toLowerCase();
    const name = e.getAttribute('aria-label') ?? (e.textContent ?? '').replace(/\d+$/, '').trim();
    const style = getComputedStyle(e);
    return {
      label: `${role}:${name}`,
      row: e.closest('li')?.getAttribute('data-instance') ?? null,
      visible: e.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}

describe(
  'window: freeing, empty states, layout and keyboard in Chromium',
  { skip: skip ?? false, timeout: 150_000 },
  () => {
    const w = windowSuite();
    before(async () => {
      // Three running instances for the layout and keyboard tests.
      for (const name of ['alpha', 'beta', 'gamma']) {
        await w.saveDevProfile(name);
        const started = await w.host.engine.api['instances.start']({ target: name });
        assert.ok(started.ok && started.value.instances[0]?.status === 'ready', JSON.stringify(started));
      }
    });

    test('Free of a port a watcher respawns: says so, names the watcher, and stopping it frees the port', async () => {
      const port = await freePort();
      // The watcher fixture restarts its server (on the same $PORT) 20 ms after it exits; every start
      // prints the server's ready line, so every server it starts is tracked for cleanup.
      const watcher = w.procs.start(process.execPath, [fixture('watcher')], {
        env: { ...process.env, PORT: String(port) },
      });
      const servers: number[] = [];
      createInterface({ input: watcher.stdout! }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const ready = JSON.parse(line) as FixtureReady;
        servers.push(ready.pid);
        void w.procs.track(ready.pid);
      });
      await waitFor(() => servers.length > 0);
      const first = servers[0]!;

      const { page, problems } = await w.open();
      const row = await portRow(page, port);
      await row.getByText(`node (PID ${first})`).waitFor();
      await row.getByRole('button', { name: `Free port ${port} (node (PID ${first}))` }).click();
      const dialog = page.getByRole('dialog', { name: `Free port ${port}` });
      await dialog
        .getByRole('list', { name: 'Processes that will be stopped' })
        .getByText(`node (PID ${first})`)
        .waitFor();
      await dialog.getByRole('button', { name: 'Stop 1 process' }).click();

      const respawn = dialog.locator('.respawn');
      await respawn.waitFor({ timeout: 20_000 });
      await waitFor(() => servers.length >= 2, 5_000); // its ready line can come after the engine saw it listen
      const again = servers.at(-1)!;
      assert.notEqual(again, first, 'the watcher started another server');
      assert.equal(
        (await respawn.locator('p').textContent())?.replace(/\s+/g, ' '),
        `node (PID ${watcher.pid}) restarts the server when it exits: stopping only the server will not keep port ` +
          `${port} free.`,
      );
      assert.equal(
        (await dialog.locator('.outcome > p').first().textContent()) ?? '',
        `Port ${port} was taken again by node (PID ${again}), started by node (PID ${watcher.pid}).`,
      );
      assert.equal(await dialog.locator('.outcome .hint').count(), 0, 'no CLI hint beside the button');
      assert.equal(await dialog.locator('.outcome .ok').count(), 0, 'not reported as freed');
      assert.equal(await isAlive(watcher.pid!), true);
      await screenshot(page, 'ports-free-respawned');

      await respawn.getByRole('button', { name: `Also stop node (PID ${watcher.pid})` }).click();
      await dialog
        .locator('.outcome .ok')
        .getByText(new RegExp(`^Port ${port} is free`))
        .waitFor({ timeout: 20_000 });
      await screenshot(page, 'ports-free-watcher-stopped');
      await waitFor(async () => !(await isAlive(watcher.pid!)), 5_000);
      for (const pid of servers) assert.equal(await isAlive(pid), false, `server PID ${pid} is gone`);
      assert.equal((await checkBindable(port)).ok, true, 'the port binds');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await page.locator(`li.listener[data-port="${port}"]`).waitFor({ state: 'detached', timeout: 10_000 });
      assert.deepEqual(problems, CLEAN);
      await page.context().close();
    });

    test('Free is disabled with the reason for a system service and a listener no process holds', async () => {
      // A node server whose process is named docker-proxy: the holder classifier calls it a container proxy.
      const bin = join(w.dataDir, 'bin');
      mkdirSync(bin, { recursive: true });
      symlinkSync(process.execPath, join(bin, 'docker-proxy'));
      const proxy = w.procs.start(join(bin, 'docker-proxy'), [fixture('server')], {
        env: { ...process.env, PORT: String(await freePort()) },
      });
      const sys = (await readJsonLine(proxy, 10_000)) as FixtureReady;
      await w.procs.track(sys.pid);

      const script = join(w.dataDir, 'in-flight.cjs');
      writeFileSync(script, IN_FLIGHT);
      const sender = w.procs.start(process.execPath, [script], {
        env: { ...process.env, PORT: String(await freePort()) },
      });
      const flight = (await readJsonLine(sender, 10_000)) as FixtureReady;
      await w.procs.track(flight.pid);
      assert.ok(flight.ready);

      const { page, problems } = await w.open();
      const sysRow = await portRow(page, sys.port);
      await sysRow.getByText('System service (container proxy)').waitFor();
      assert.match(
        (await sysRow.locator('.process').textContent()) ?? '',
        new RegExp(`^docker-proxy \\(PID ${sys.pid}\\)$`),
      );
      const reason = 'Berth does not stop system services (container proxy).';
      const sysButton = sysRow.getByRole('button', { name: `Cannot free port ${sys.port}: ${reason}` });
      assert.equal(await sysButton.isDisabled(), true);
      assert.equal(await sysButton.getAttribute('title'), reason);
      assert.equal(((await sysButton.textContent()) ?? '').trim(), "Can't free");
      await screenshot(page, 'ports-free-disabled-system');
      // The engine refuses the same port, and nothing was signalled.
      const refused = await w.host.engine.api['ports.free']({ port: sys.port });
      assert.ok(!refused.ok && refused.error.code === 'refused', JSON.stringify(refused));
      assert.equal(await isAlive(sys.pid), true);

      const unknownRow = await portRow(page, flight.port);
      await unknownRow.locator('.holder', { hasText: /^Unknown: no visible process holds it/ }).waitFor();
      assert.equal(await unknownRow.locator('.process').textContent(), 'unknown process');
      const unknownButton = unknownRow.getByRole('button', { name: new RegExp(`^Cannot free port ${flight.port}: `) });
      assert.equal(await unknownButton.isDisabled(), true);
      assert.match(
        (await unknownButton.getAttribute('title')) ?? '',
        new RegExp(`^Berth cannot see who holds port ${flight.port}: no visible process holds it`),
      );
      await screenshot(page, 'ports-free-disabled-unknown');
      const plan = await w.host.engine.api['ports.free']({ port: flight.port, dryRun: true });
      assert.ok(
        plan.ok && plan.value.planned?.length === 0 && plan.value.refused[0]?.pid === null,
        JSON.stringify(plan),
      );

      process.kill(flight.pid, 'SIGKILL'); // the in-flight socket goes with the only process that could receive it
      await waitFor(async () => (await checkBindable(flight.port)).ok, 5_000);
      assert.deepEqual(problems, CLEAN);
      await page.context().close();
    });

    test('empty states teach: nothing running, no profiles, no listener matching the filter', async () => {
      const fresh = await startTestHost();
      try {
        const { page, problems } = await openDashboard(w.browser, fresh.host.dashboardUrl, { width: 420, height: 560 });
        const main = page.getByRole('main');
        await main.getByText('Nothing is running.').waitFor();
        const instances = (await main.textContent()) ?? '';
        assert.match(instances, /Add a profile \(a command, its folder and the port it wants\)/);
        assert.match(instances, /import one from a project folder/);
        await screenshot(page, 'empty-instances-420');

        await main.getByRole('button', { name: 'Go to Profiles' }).click();
        await main.getByText('No profiles yet.').waitFor();
        const profiles = (await main.textContent()) ?? '';
        assert.match(profiles, /Create one with "New profile"/);
        assert.match(profiles, /"Import from a folder"/);
        assert.match(profiles, /berth profile add web --cwd ~\/app --port 5173 -- npm run dev/);
        // What the text names is there to press.
        await main.getByRole('button', { name: 'New profile' }).waitFor();
        await main.getByRole('button', { name: 'Import from a folder' }).waitFor();
        await screenshot(page, 'empty-profiles-420');

        await showView(page, 'Ports');
        await page.locator('li.listener').first().waitFor();
        await page.getByLabel('Filter').fill('no-such-process');
        await main.getByText('No listener matches "no-such-process".').waitFor();
        assert.match(
          (await main.textContent()) ?? '',
          /Filter by a port number \(e\.g\. 5173\) or by a word of the process/,
        );
        assert.match((await main.getByRole('status').textContent()) ?? '', /^0 of \d+ listeners?$/);
        assert.equal(await page.locator('li.listener').count(), 0);
        await screenshot(page, 'empty-ports-filter-420');

        await showView(page, 'Logs');
        await main.getByText('No logs yet.').waitFor();
        assert.deepEqual(problems, CLEAN);
        await page.context().close();
      } finally {
        await fresh.close();
      }
    });

    test('snapshots that change nothing in the rows move neither the rows nor the header', async () => {
      const pages = [await w.open(), await w.open({ width: 420, height: 560 })];
      for (const { page } of pages) {
        await page.locator('li.instance .badge', { hasText: 'Ready' }).nth(2).waitFor({ timeout: 10_000 });
        await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        // Every frame from now on: where the header, each row and each row's actions are, against the first frame.
        await page.evaluate(() => {
          type El = { getBoundingClientRect(): Rect; getAttribute(n: string): string | null };
          const state = { moved: [] as Moved[], frames: 0, stop: false };
          window.__layout = state;
          const measure = (): Map<string, Rect> => {
            const out = new Map<string, Rect>();
            const put = (what: string, e: unknown) => {
              const r = (e as El).getBoundingClientRect();
              out.set(what, { x: r.x, y: r.y, width: r.width, height: r.height });
            };
            put('header', document.querySelector('header.top'));
            const rows = Array.from(document.querySelectorAll('li.instance')) as El[];
            for (const row of rows) {
              const id = row.getAttribute('data-instance') ?? '?';
              put(`row ${id}`, row);
              put(`actions ${id}`, (row as unknown as { querySelector(s: string): unknown }).querySelector('.actions'));
            }
            return out;
          };
          const first = measure();
          const frame = () => {
            state.frames++;
            for (const [what, to] of measure()) {
              const from = first.get(what);
              const same =
                from &&
                Math.abs(from.x - to.x) < 0.5 &&
                Math.abs(from.y - to.y) < 0.5 &&
                Math.abs(from.width - to.width) < 0.5 &&
                Math.abs(from.height - to.height) < 0.5;
              if (!same && !state.moved.some((m) => m.what === what)) state.moved.push({ what, from: from!, to });
            }
            if (!state.stop) requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          // The same pushed stream the app reads (same origin, same session cookie): counts the snapshots.
          globalThis.__states = [];
          const events = new EventSource('/api/events');
          events.addEventListener('state', (e) => {
            const snapshot = JSON.parse(e.data) as Pushed;
            globalThis.__states!.push(snapshot.rev);
            globalThis.__last = snapshot;
          });
          globalThis.__events = events;
        });
      }
      /** Until every page was pushed a snapshot that shows the change. */
      const pushed = (shows: (s: Pushed) => boolean) =>
        waitFor(async () => {
          const last = await Promise.all(pages.map(({ page }) => page.evaluate(() => globalThis.__last ?? null)));
          return last.every((s) => s !== null && shows(s));
        });

      // A listener appears elsewhere, a setting changes, a profile is added, the listener goes.
      const other = await w.procs.startServer({ env: { PORT: '0' } });
      await pushed((s) => s.listeners.some((l) => l.port === other.port));
      const watched = await freePort();
      assert.ok((await w.host.engine.api['settings.save']({ settings: { watchedPorts: [watched] } })).ok);
      await pushed((s) => s.settings.watchedPorts.includes(watched));
      const idle = { name: 'idle', command: 'sleep 60', cwd: w.dataDir };
      assert.ok((await w.host.engine.api['profiles.save']({ profile: idle })).ok);
      await pushed((s) => s.profiles.some((p) => p.name === 'idle'));
      process.kill(other.pid, 'SIGKILL');
      await pushed((s) => s.listeners.every((l) => l.port !== other.port));
      await pages[0]!.page.evaluate(() => new Promise<void>((r) => setTimeout(r, 300))); // a few frames after the last

      for (const [n, { page, problems }] of pages.entries()) {
        const seen = await page.evaluate(() => {
          window.__layout.stop = true;
          globalThis.__events?.close();
          return { ...window.__layout, states: globalThis.__states?.length ?? 0 };
        });
        assert.ok(seen.states >= 4, `the page got the snapshots (${seen.states})`);
        assert.ok(seen.frames > 10, `frames were measured (${seen.frames})`);
        assert.deepEqual(seen.moved, [], `nothing moved at ${n === 0 ? '900' : '420'} px`);
        await screenshot(page, `layout-after-snapshots-${n === 0 ? 900 : 420}`);
        assert.deepEqual(problems, CLEAN);
        await page.context().close();
      }
    });

    test("keyboard: Tab reaches the tabs then each row's actions with a visible focus; Enter, Escape", async () => {
      const { page, problems } = await w.open();
      await page.locator('li.instance .badge', { hasText: 'Ready' }).nth(2).waitFor({ timeout: 10_000 });
      const rows = await page.locator('li.instance').evaluateAll((lis) =>
        lis.map((li) => {
          const e = li as unknown as {
            getAttribute(n: string): string;
            querySelector(s: string): { textContent: string } | null;
          };
          return {
            id: e.getAttribute('data-instance'),
            name: e.querySelector('.name')?.textContent ?? '',
            port: e.querySelector('.facts a')?.textContent ?? '',
            open: e.querySelector('.actions a.button') !== null,
          };
        }),
      );
      assert.equal(rows.length, 3);
      assert.ok(
        rows.every((r) => r.open),
        'each profile has a URL to open (the default)',
      );
      const expected = [
        ...['Instances', 'Ports', 'Profiles', 'Logs', 'Settings'].map((t) => ({ label: `button:${t}`, row: null })),
        ...rows.flatMap((r) =>
          [
            `link:Open ${r.name} on port ${r.port}`,
            'button:Stop',
            'button:Restart',
            ...(r.open ? ['link:Open'] : []),
            'button:Start another',
            'button:Logs',
          ].map((label) => ({ label, row: r.id })),
        ),
      ];
      const got: Focused[] = [];
      for (let i = 0; i < expected.length; i++) {
        await page.keyboard.press('Tab');
        got.push(await focused(page));
        if (i === 6) await screenshot(page, 'keyboard-focus-row-action');
      }
      assert.deepEqual(
        got.map(({ label, row }) => ({ label, row })),
        expected,
      );
      const unseen = got.filter((f) => !f.visible || f.outline !== 'solid 2px');
      assert.deepEqual(unseen, [], 'every stop shows the focus ring (:focus-visible, 2px solid outline)');

      // Enter on a tab opens its view; focus stays on the tab.
      for (let i = 0; i < expected.length - 2; i++) await page.keyboard.press('Shift+Tab'); // back to "Ports"
      assert.equal((await focused(page)).label, 'button:Ports');
      await page.keyboard.press('Enter');
      const current = page.getByRole('navigation', { name: 'Views' }).locator('button[aria-current="page"]');
      assert.match((await current.textContent()) ?? '', /^Ports/);
      await page.getByRole('main', { name: 'Ports' }).waitFor();
      assert.equal((await focused(page)).label, 'button:Ports');

      // Escape closes the Free dialog and gives focus back to the Free button that opened it.
      const target = await w.procs.startServer({ env: { PORT: String(await freePort()) } });
      await page.keyboard.press('Tab'); // Profiles
      await page.keyboard.press('Tab'); // Logs
      await page.keyboard.press('Tab'); // Settings
      await page.keyboard.press('Tab'); // the filter
      assert.equal((await focused(page)).label, 'input:');
      await page.keyboard.type(String(target.port));
      await page.locator(`li.listener[data-port="${target.port}"]`).waitFor({ timeout: 15_000 });
      await page.keyboard.press('Tab');
      const free = `button:Free port ${target.port} (node (PID ${target.pid}))`;
      assert.equal((await focused(page)).label, free);
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: `Free port ${target.port}` });
      await dialog.getByRole('button', { name: 'Stop 1 process' }).waitFor();
      await waitFor(async () => (await focused(page)).label === 'button:Stop 1 process', 5_000);
      await screenshot(page, 'keyboard-free-dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      // The dialog hides at once; focus moves back when the window re-renders without it, a moment later.
      await waitFor(async () => (await focused(page)).label === free, 2_000).catch(() => undefined);
      const back = await focused(page);
      assert.deepEqual([back.label, back.visible], [free, true], 'focus is back on the Free button, visibly');
      assert.equal(await isAlive(target.pid), true, 'Escape stopped nothing');
      await screenshot(page, 'keyboard-focus-returned');
      assert.deepEqual(problems, CLEAN);
      await page.context().close();
    });
  },
);
