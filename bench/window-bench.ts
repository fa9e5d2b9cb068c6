/**
 * The window in Chromium (Debian's /usr/bin/chromium), run as `node dist/bench/window-bench.js`:
 *  (a) the Ports view with 2000 listeners: mount, and a new snapshot that changes 10 of them, timed in
 *      the page with performance.now() around the render (Preact's queued render + style and layout).
 *      The snapshot comes through a test-only `window.berth` (the preload's place), so the numbers are
 *      the page's own work, not the transport's; the bundle is the real dist/renderer one, under the CSP.
 *  (b) event latency on a real host: a listener appears -> the scan's snapshot -> SSE -> the row shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import type { ListenerView, Snapshot } from '../electron/contract/views.js';
import { DEFAULT_SETTINGS } from '../electron/contract/settings.js';
import { startHost } from '../electron/host/host.js';
import { makeTempDir } from '../test/helpers/temp.js';
import { fmt, median, table } from './stats.js';

const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:";
const RUNS = 7;
const HOLDERS = ['user', 'instance', 'orphan', 'other-user', 'system', 'unknown'] as const;

function listener(i: number, variant: number): ListenerView {
  const holder = HOLDERS[i % HOLDERS.length]!;
  const pid = holder === 'unknown' ? null : 20_000 + i + variant * 100_000;
  return {
    port: 10_000 + i,
    address: i % 2 ? '::1' : '127.0.0.1',
    family: i % 2 ? 6 : 4,
    pid,
    process: pid === null ? null : variant ? `vite-${variant}` : 'node',
    command: pid === null ? null : `node /home/dev/app-${i}/server.js --port ${10_000 + i} --variant ${variant}`,
    user: holder === 'other-user' ? 'alice' : 'dev',
    startTime: 1000 + i,
    holder,
    ...(holder === 'instance' || holder === 'orphan' ? { profile: `app-${i}` } : {}),
    ...(holder === 'system' ? { system: 'systemd service' } : {}),
  };
}

/** 2000 listeners; `changed` of them (spread over the first rows shown) differ by `variant`. */
export function syntheticSnapshot(rev: number, variant: number, changed = 10): Snapshot {
  const listeners = Array.from({ length: 2000 }, (_, i) => listener(i, i % 29 === 0 && i / 29 < changed ? variant : 0));
  return {
    rev,
    listeners,
    scan: { source: 'synthetic', takenAt: Date.now() },
    instances: [],
    profiles: [],
    notices: [],
    settings: DEFAULT_SETTINGS,
  };
}

/** A stand-in for the preload bridge: every command answers ok, state.get the first snapshot, onState is kept. */
function installBridge(first: Snapshot): void {
  const w = globalThis as unknown as Record<string, unknown>;
  let push: ((s: unknown) => void) | null = null;
  w.__benchPush = (s: unknown) => push?.(s);
  w.berth = new Proxy(
    {},
    {
      get: (_t, key) => {
        if (key === 'onState') return (l: (s: unknown) => void) => ((push = l), () => {});
        if (key === 'onLog' || key === 'onNotice') return () => () => {};
        if (key === 'state.get') return async () => ({ ok: true, value: first });
        return async () => ({ ok: true, value: {} });
      },
    },
  );
}

type Act = Readonly<{ tab: number }> | Readonly<{ push: Snapshot }>;

/**
 * In the page: click a tab or push a snapshot, let Preact's queued render (a microtask) finish, force layout;
 * ms taken.
 */
async function timeInPage(page: Page, act: Act): Promise<number> {
  return page.evaluate(async (a) => {
    const g = globalThis as unknown as {
      document: {
        querySelectorAll(s: string): ArrayLike<{ click(): void }>;
        body: { getBoundingClientRect(): unknown };
      };
      __benchPush(s: unknown): void;
    };
    const t0 = performance.now();
    if ('tab' in a) g.document.querySelectorAll('nav .tab')[a.tab]!.click();
    else g.__benchPush(a.push);
    await new Promise<void>((r) => queueMicrotask(r)); // Preact 11 renders in a queued microtask (src/component.js)
    g.document.body.getBoundingClientRect();
    return performance.now() - t0;
  }, act);
}

async function renderBench(browser: Browser): Promise<string[][]> {
  const page = await (await browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
  await page.route('http://berth.bench/**', (route) => {
    const name = new URL(route.request().url()).pathname.slice(1) || 'index.html';
    const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'text/html';
    return route.fulfill({
      status: 200,
      headers: { 'Content-Type': type, 'Content-Security-Policy': CSP },
      body: readFileSync(rendererDir + name),
    });
  });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.addInitScript(installBridge, syntheticSnapshot(1, 0));
  await page.goto('http://berth.bench/index.html');
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  const mount: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    await timeInPage(page, { tab: 0 });
    mount.push(await timeInPage(page, { tab: 1 }));
  }
  const rows = await page.locator('li.listener').count();
  let rev = 10; // the page drops a snapshot older than the one it shows
  const update = async (): Promise<number[]> => {
    const out: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const snap = syntheticSnapshot(rev++, (r % 2) + 1);
      out.push(await timeInPage(page, { push: snap }));
      // The page shows the change (else the timing measured nothing).
      await page
        .locator('li.listener', { hasText: `vite-${(r % 2) + 1}` })
        .first()
        .waitFor({ timeout: 2000 });
    }
    return out;
  };
  const update300 = await update();
  while (await page.getByRole('button', { name: /^Show \d+ more/ }).count())
    await page.getByRole('button', { name: /^Show \d+ more/ }).click();
  const all = await page.locator('li.listener').count();
  const updateAll = await update();
  await page.context().close();
  return [
    [`Ports view mount, 2000 listeners (${rows} rows in the page)`, fmt(median(mount)), '< 50 ms'],
    [`new snapshot, 10 of 2000 changed (${rows} rows in the page)`, fmt(median(update300)), '< 16 ms'],
    [`new snapshot, 10 of 2000 changed (all ${all} rows shown)`, fmt(median(updateAll)), '< 16 ms'],
  ];
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

async function latencyBench(browser: Browser): Promise<string[][]> {
  const tmp = makeTempDir();
  const started = await startHost({ dataDir: tmp.dir });
  if (!started.ok) throw new Error(started.message);
  const { host } = started;
  const page = await (await browser.newContext()).newPage();
  try {
    await page.goto(host.dashboardUrl);
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /^Ports/ })
      .click();
    const poll: number[] = [];
    const push: number[] = [];
    for (let r = 0; r < 5; r++) {
      const probe = await listen(0);
      const port = (probe.address() as { port: number }).port;
      await new Promise<void>((res) => probe.close(() => res()));
      await page.getByLabel('Filter').fill(String(port));
      // The page notes the wall-clock time the row appears; the host notes when its snapshot had it.
      const seenInPage = page.evaluate((p) => {
        type Observer = { observe(n: unknown, o: unknown): void; disconnect(): void };
        const g = globalThis as unknown as {
          document: { querySelector(s: string): unknown; body: unknown };
          MutationObserver: new (cb: () => void) => Observer;
        };
        return new Promise<number>((resolve) => {
          const found = () => g.document.querySelector(`li.listener[data-port="${p}"]`) !== null;
          const mo = new g.MutationObserver(
            () => found() && (mo.disconnect(), resolve(performance.timeOrigin + performance.now())),
          );
          mo.observe(g.document.body, { childList: true, subtree: true });
        });
      }, port);
      let snapAt = 0;
      const off = host.engine.subscribe('state', (s) => {
        if (snapAt === 0 && s.listeners.some((l) => l.port === port)) snapAt = Date.now();
      });
      await new Promise((res) => setTimeout(res, 50));
      const server = await listen(port);
      const listenAt = Date.now();
      const shownAt = await seenInPage;
      off();
      poll.push(snapAt - listenAt);
      push.push(shownAt - snapAt);
      await new Promise<void>((res) => server.close(() => res()));
    }
    const active = host.engine.settings.get().pollActiveSeconds * 1000;
    return [
      [`listener -> snapshot (poll every ${active} ms while watched)`, fmt(median(poll)), `<= ${active} ms`],
      ['snapshot -> row shown in the page (SSE + render)', fmt(median(push)), '< 50 ms'],
      ['listener -> row shown, total', fmt(median(poll.map((p, i) => p + push[i]!))), `< ${active + 50} ms`],
    ];
  } finally {
    await page.context().close();
    await host.close({ stopInstances: true });
    tmp.remove();
  }
}

export async function runWindowBench(): Promise<void> {
  if (!existsSync(CHROMIUM) || !existsSync(rendererDir + 'app.js')) {
    console.log(`window bench skipped: needs ${CHROMIUM} and ${rendererDir}app.js (npm run build)\n`);
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const rows = [...(await renderBench(browser)), ...(await latencyBench(browser))];
    console.log(
      `Window (Chromium, median of ${RUNS} renders / 5 listeners)\n${table([['measure', 'ms', 'target'], ...rows])}\n`,
    );
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runWindowBench();
