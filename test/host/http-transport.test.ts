import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { chromium, type Browser, type Page } from 'playwright';
import { startHost, type Host } from '../../electron/host/host.js';
import { makeTempDir } from '../helpers/temp.js';

/**
 * renderer/http-transport.ts in real Chromium against a real host: the page below loads only the
 * transport (and the two contract modules it needs at run time), served by the host under its CSP.
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const home = makeTempDir();
const web = makeTempDir();
let host: Host;
let browser: Browser;
const problems: string[] = [];

const PAGE_SCRIPT = `import { createHttpTransport } from '/renderer/http-transport.js';
const t = createHttpTransport();
window.statuses = [];
window.states = [];
t.onConnection((s) => window.statuses.push(s));
t.subscribe('state', (s) => window.states.push({ rev: s.rev, profiles: s.profiles.map((p) => p.name) }));
window.call = (name, request) => t.call(name, request);
`;

function stagePage(dir: string): void {
  const source = readFileSync(join(repo, 'renderer', 'http-transport.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  mkdirSync(join(dir, 'renderer'));
  mkdirSync(join(dir, 'electron', 'contract'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'http-transport.js'), js);
  for (const f of ['events.js', 'result.js'])
    copyFileSync(join(repo, 'dist', 'electron', 'contract', f), join(dir, 'electron', 'contract', f));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>transport</title><script type="module" src="/page.js"></script>',
  );
  writeFileSync(join(dir, 'page.js'), PAGE_SCRIPT);
}

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused request logs a console error by design (401 after a restart, a host that is gone).
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(url);
  return page;
}

/** What the page script above puts on `window`, for page.evaluate (this file compiles without DOM types). */
type PageWindow = {
  statuses: string[];
  states: { rev: number; profiles: string[] }[];
  call: (name: string, request: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
};
declare const window: PageWindow;
declare const location: { hash: string };
declare const sessionStorage: { getItem(key: string): string | null };

const statusIs = (page: Page, s: string) =>
  page.waitForFunction((want) => window.statuses.at(-1) === want, s, { timeout: 30_000 });

before(async () => {
  stagePage(web.dir);
  const started = await startHost({ dataDir: home.dir, staticDir: web.dir });
  assert.ok(started.ok);
  host = started.host;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
});

after(async () => {
  await browser?.close();
  await host?.close({ stopInstances: true });
  home.remove();
  web.remove();
});

test('takes the secret from the fragment, hides it, calls and streams; a reload still works', async () => {
  const page = await openPage(host.dashboardUrl);
  await statusIs(page, 'connected');
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('berth-secret')), host.http.secret);
  await page.waitForFunction(() => window.states.length > 0, null, { timeout: 30_000 });

  const other = await openPage(host.dashboardUrl);
  await statusIs(other, 'connected');
  const saved = await page.evaluate(
    (cwd) => window.call('profiles.save', { profile: { name: 'from-browser', command: 'node -e 1', cwd } }),
    home.dir,
  );
  assert.equal(saved.ok, true, JSON.stringify(saved));
  // The second page sees what the first did, through its own event stream.
  const seen = (p: Page) =>
    p.waitForFunction(() => window.states.some((s) => s.profiles.includes('from-browser')), null, {
      timeout: 30_000,
    });
  await seen(page);
  await seen(other);

  await page.reload();
  await statusIs(page, 'connected');
  const listed = await page.evaluate(() => window.call('profiles.list', {}));
  assert.deepEqual(
    (listed.value as { profiles: { name: string }[] }).profiles.map((p) => p.name),
    ['from-browser'],
  );
  await other.close();
  await page.close();
  assert.deepEqual(problems, []);
});

test('a page without the secret is unauthorized and its calls run nothing', async () => {
  const page = await openPage(host.http.url);
  await statusIs(page, 'unauthorized');
  const r = await page.evaluate(
    (cwd) => window.call('profiles.save', { profile: { name: 'no-secret', command: 'node -e 1', cwd } }),
    home.dir,
  );
  assert.deepEqual([r.ok, r.error?.code], [false, 'permission']);
  assert.ok(!host.engine.profiles.list().some((p) => p.name === 'no-secret'));
  await page.close();
});

test('a lost host shows disconnected; a host back on the same port with a new secret: unauthorized', async () => {
  const page = await openPage(host.dashboardUrl);
  await statusIs(page, 'connected');
  const port = host.http.port;
  await host.close({ stopInstances: true });
  await statusIs(page, 'disconnected');
  const restarted = await startHost({ dataDir: home.dir, staticDir: web.dir, httpPort: port });
  assert.ok(restarted.ok);
  host = restarted.host;
  await statusIs(page, 'unauthorized');
  // The new run's URL, pasted into the same tab (only the fragment changes: no reload), brings it back.
  await page.goto(host.dashboardUrl);
  assert.equal(await page.evaluate(() => location.hash), '');
  await statusIs(page, 'connected');
  await page.close();
  assert.deepEqual(problems, []);
});
