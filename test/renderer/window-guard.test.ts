import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright';
import { waitFor } from '../helpers/processes.js';
import { launchChromium, openDashboard, screenshot, skipReason } from './browser.js';
import { windowSuite } from './window-suite.js';

/**
 * The host's API refuses hostile pages, proven from a real Chromium rather than from Node: a page
 * reached through a rebound DNS name, a page on another loopback origin (which, being same-site,
 * even sends the session cookie), and a page that never had the secret.
 */
const skip = skipReason();
const REBIND = 'rebind.test';

type Attempt = Readonly<{ status?: number; type?: string; body?: string; error?: string }>;
type Init = Readonly<{
  method: string;
  headers?: Record<string, string>;
  body?: string;
  mode?: 'cors' | 'no-cors' | 'same-origin';
  credentials?: 'include' | 'same-origin' | 'omit';
}>;

/** One fetch from inside the page, as the page's own script would send it; a network or CORS failure is `error`. */
function attempt(page: Page, url: string, init: Init): Promise<Attempt> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, init);
        return { status: res.status, type: res.type, body: res.type === 'opaque' ? '' : await res.text() };
      } catch (err) {
        return { error: String(err) };
      }
    },
    { url, init },
  );
}

/** A profiles.save request, with the real secret: everything a hostile page would need but the right origin. */
function saveInit(secret: string, name: string, cwd: string, extra: Partial<Init> = {}): Init {
  return {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ profile: { name, command: 'node -e 1', cwd } }),
    ...extra,
  };
}

/** Page errors, and console errors (expected here, but only for refused requests: see `refusedOnly`). */
function watch(page: Page): { errors: string[]; console: string[] } {
  const seen = { errors: [] as string[], console: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.console.push(`${m.text()} ${m.location().url}`);
  });
  return seen;
}

/** A text/plain form whose body is valid JSON for profiles.save (the classic way round "JSON only"). */
function foreignPage(target: string, name: string, cwd: string): string {
  const head = `{"profile":{"name":"${name}","command":"node -e 1","cwd":${JSON.stringify(cwd)},"env":{"PAD":"`;
  return `<!doctype html><html><head><title>Not Berth</title></head><body>
<h1>A page on another loopback port</h1>
<form method="post" enctype="text/plain" action="${target}">
<input type="hidden" name='${head}' value='"}}}'>
<button type="submit">Send</button>
</form></body></html>`;
}

/** A refused request logs a console error by design; anything else is a problem. */
const refusedOnly = (lines: readonly string[]): string[] =>
  lines.filter((m) => !/status of 40[13]|CORS policy|ERR_BLOCKED_BY_RESPONSE|ERR_FAILED|404.*\/favicon\.ico$/.test(m));

describe('window guard: the API refuses hostile pages in Chromium', { skip: skip ?? false, timeout: 90_000 }, () => {
  const w = windowSuite();
  let foreign: Server;
  let foreignUrl: string;
  const saved = (name: string) => w.host.engine.profiles.list().some((p) => p.name === name);
  before(async () => {
    foreign = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(foreignPage(`${w.host.http.url}api/profiles.save`, 'form-post', w.dataDir));
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await new Promise<void>((resolve) => {
      if (!foreign) return resolve();
      foreign.close(() => resolve());
      foreign.closeAllConnections();
    });
  });

  test('control: the same call from the dashboard itself runs (so a refusal below is the guard)', async () => {
    const { page, problems } = await w.open();
    const r = await attempt(page, '/api/profiles.save', saveInit(w.host.http.secret, 'control', w.dataDir));
    assert.equal(r.status, 200, JSON.stringify(r));
    assert.equal((JSON.parse(r.body!) as { ok: boolean }).ok, true);
    assert.ok(saved('control'));
    assert.deepEqual(problems, { console: [], errors: [], csp: [] });
    await page.context().close();
  });

  test('DNS rebinding: a page on rebind.test (resolving to 127.0.0.1) gets 403 for the page and the API', async () => {
    const rebound = await launchChromium([`--host-resolver-rules=MAP ${REBIND} 127.0.0.1`]);
    try {
      const context = await rebound.newContext();
      const page = await context.newPage();
      const seen = watch(page);
      const origin = `http://${REBIND}:${w.host.http.port}`;
      // Even with the secret in the fragment, the page itself is not served under that name.
      const res = await page.goto(`${origin}/#secret=${w.host.http.secret}`);
      assert.equal(res?.status(), 403);
      assert.match((await page.textContent('body')) ?? '', /Host "rebind\.test:\d+" is not this server/);
      await screenshot(page, 'guard-rebinding-page');

      // Same-origin for the browser (no preflight, no CORS): only the Host check stands in the way.
      const r = await attempt(page, `${origin}/api/profiles.save`, saveInit(w.host.http.secret, 'rebound', w.dataDir));
      assert.ok(r.error !== undefined || r.status === 403, `refused: ${JSON.stringify(r)}`);
      if (r.status === 403) assert.equal((JSON.parse(r.body!) as { error: { code: string } }).error.code, 'refused');
      const bearer = { Authorization: `Bearer ${w.host.http.secret}` };
      const session = await attempt(page, `${origin}/api/session`, { method: 'POST', headers: bearer });
      assert.equal(session.status, 403, JSON.stringify(session));
      const events = await attempt(page, `${origin}/api/events`, { method: 'GET', headers: bearer });
      assert.equal(events.status, 403, JSON.stringify(events));
      assert.deepEqual(await context.cookies(), [], 'no session cookie was handed out');
      assert.equal(saved('rebound'), false, 'profiles.save did not run');
      assert.deepEqual([seen.errors, refusedOnly(seen.console)], [[], []]);
    } finally {
      await rebound.close();
    }
  });

  test('a foreign loopback origin cannot call the API, with the secret, the session cookie or a form', async () => {
    // One context: the user has the dashboard open (so the browser holds the session cookie), then
    // visits a hostile page on another 127.0.0.1 port. Ports do not make another site: the cookie goes along.
    const { page: dashboard, problems } = await w.open();
    const context: BrowserContext = dashboard.context();
    const cookieName = `berth-session-${w.host.http.port}`;
    await waitFor(async () => (await context.cookies(w.host.http.url)).some((c) => c.name === cookieName));
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(foreignUrl);
    await page.getByRole('heading', { name: 'A page on another loopback port' }).waitFor();
    await screenshot(page, 'guard-foreign-page');
    const api = `${w.host.http.url}api/profiles.save`;

    // With the Bearer secret and JSON: the preflight is refused, so the POST is never sent.
    const cors = await attempt(page, api, saveInit(w.host.http.secret, 'foreign-cors', w.dataDir));
    assert.ok(cors.error !== undefined, `the fetch fails: ${JSON.stringify(cors)}`);
    // no-cors drops the Authorization header but sends the cookie (same-site) and the Origin: the host
    // refuses on Origin, and its Cross-Origin-Resource-Policy keeps even the refusal from the page.
    const opaque = await attempt(
      page,
      api,
      saveInit(w.host.http.secret, 'foreign-no-cors', w.dataDir, { mode: 'no-cors', credentials: 'include' }),
    );
    assert.ok(opaque.error !== undefined || opaque.type === 'opaque', JSON.stringify(opaque));
    // The event stream, read cross-origin with credentials, is refused too.
    const stream = await page.evaluate(
      (url) =>
        new Promise<number>((resolve) => {
          const es = new EventSource(url, { withCredentials: true });
          es.onopen = () => resolve(-1);
          es.onerror = () => {
            const state = es.readyState;
            es.close();
            resolve(state);
          };
        }),
      `${w.host.http.url}api/events`,
    );
    assert.equal(stream, 2, 'EventSource is CLOSED by the refusal, never opened');

    // A text/plain form POST (no preflight exists for it), cookie and all.
    const request = page.waitForRequest((r) => r.url() === api);
    const response = page.waitForResponse((r) => r.url() === api);
    await page.getByRole('button', { name: 'Send' }).click();
    const sent = await request;
    const headers = await sent.allHeaders();
    assert.match(headers.cookie ?? '', new RegExp(`${cookieName}=`), 'the cookie went along');
    assert.equal(headers.origin, foreignUrl.replace(/\/$/, ''));
    const body = JSON.parse(sent.postData() ?? '') as { profile: { name: string } };
    assert.equal(body.profile.name, 'form-post', 'the form body is a valid profiles.save request');
    assert.equal((await response).status(), 403);
    await page.getByText(/Origin \\?"http:\/\/127\.0\.0\.1:\d+\\?" may not call this server/).waitFor();
    await screenshot(page, 'guard-foreign-form-refused');

    for (const name of ['foreign-cors', 'foreign-no-cors', 'form-post']) assert.equal(saved(name), false, name);
    assert.deepEqual([seen.errors, refusedOnly(seen.console)], [[], []]);
    assert.deepEqual(problems, { console: [], errors: [], csp: [] }, 'the dashboard beside it is unharmed');
    await context.close();
  });

  for (const [label, url] of [
    ['no secret', () => w.host.http.url],
    ['a forged secret', () => `${w.host.http.url}#secret=forged-${'x'.repeat(40)}`],
  ] as const) {
    test(`a window opened with ${label} tells the user the host refused it, and shows no data`, async () => {
      const profile = { name: 'private', command: 'true', cwd: '/' };
      if (!saved('private')) assert.ok((await w.host.engine.api['profiles.save']({ profile })).ok);
      const { page, problems } = await openDashboard(w.browser, url());
      const banner = page.getByRole('alert').filter({ hasText: 'The Berth host did not accept this page' });
      await banner.waitFor({ timeout: 10_000 });
      assert.match((await banner.textContent()) ?? '', /Open the dashboard link that `berth open` prints/);
      await screenshot(page, `guard-unauthorized-${label.replace(/ /g, '-')}`);
      assert.equal(await page.getByText('private').count(), 0, 'no profile name reached the page');
      // Not "Connecting…" under a banner saying it was refused: no retry will connect this page.
      assert.equal(
        await page.getByRole('main').getByRole('status').textContent(),
        'Nothing to show: the host refused this page.',
      );
      assert.deepEqual([problems.errors, problems.csp], [[], []]);
      assert.deepEqual(refusedOnly(problems.console), []);
      assert.ok(
        problems.console.every((m) => /status of 401/.test(m)),
        problems.console.join(' | '),
      );
      await page.context().close();
    });
  }
});
