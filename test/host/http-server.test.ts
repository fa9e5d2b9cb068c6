import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, type Host } from '../../electron/host/host.js';
import { CSP } from '../../electron/host/http-server.js';
import { makeTempDir } from '../helpers/temp.js';
import { openEvents, send } from './http-client.js';

const home = makeTempDir();
const web = makeTempDir();
let host: Host;
let base: string;
let auth: Record<string, string>;
const json = { 'Content-Type': 'application/json' };

before(async () => {
  process.env.BERTH_HOME = home.dir;
  writeFileSync(join(web.dir, 'index.html'), '<!doctype html><title>Berth</title><script src="app.js"></script>');
  writeFileSync(join(web.dir, 'app.js'), 'console.log("berth");');
  mkdirSync(join(web.dir, 'assets'));
  writeFileSync(join(web.dir, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(home.dir, 'outside.txt'), 'not for the browser');
  const started = await startHost({ dataDir: home.dir, staticDir: web.dir });
  assert.ok(started.ok);
  host = started.host;
  base = host.http.url;
  auth = { Authorization: `Bearer ${host.http.secret}` };
});

after(async () => {
  await host?.close({ stopInstances: true });
  home.remove();
  web.remove();
});

const call = (command: string, body: unknown, headers: Record<string, string> = auth) =>
  send(`${base}api/${command}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
const profile = (name: string) => ({ profile: { name, command: 'node -e "setInterval(()=>{},1000)"', cwd: home.dir } });
const profileNames = () => host.engine.profiles.list().map((p) => p.name);

test('listens on 127.0.0.1 only, hands out a fragment URL and a 0600 http.json', () => {
  assert.match(host.http.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(host.dashboardUrl, `${host.http.url}#secret=${host.http.secret}`);
  assert.equal(Buffer.from(host.http.secret, 'base64url').length, 32);
  const file = join(home.dir, 'http.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
    url: host.http.url,
    secret: host.http.secret,
    pid: process.pid,
  });
});

test('refuses every API call without the secret, and the command does not run', async () => {
  const attempts: Record<string, string>[] = [
    {},
    { Authorization: 'Bearer wrong' },
    { Authorization: `Bearer ${host.http.secret}x` },
    { Cookie: 'berth-session-1=x' },
  ];
  for (const headers of attempts) {
    const r = await call('profiles.save', profile('sneaky'), headers);
    assert.equal(r.status, 401, JSON.stringify(headers));
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.doesNotMatch(r.body, new RegExp(host.http.secret));
  }
  assert.equal((await send(`${base}api/events`)).status, 401);
  assert.ok(!profileNames().includes('sneaky'));
});

test('refuses a foreign Origin and a rebinding Host with 403, even with the secret', async () => {
  const port = host.http.port;
  const foreign = await call('profiles.save', profile('cross-site'), { ...auth, Origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);
  const otherPort = await call('profiles.save', profile('cross-site'), {
    ...auth,
    Origin: `http://127.0.0.1:${port + 1}`,
  });
  assert.equal(otherPort.status, 403);
  const rebound = await call('profiles.save', profile('rebound'), { ...auth, Host: `evil.example:${port}` });
  assert.equal(rebound.status, 403);
  assert.equal((await send(base, { headers: { Host: `evil.example:${port}` } })).status, 403);
  assert.ok(!profileNames().some((n) => n === 'cross-site' || n === 'rebound'));
  const own = await call('state.get', {}, { ...auth, Origin: `http://localhost:${port}`, Host: `localhost:${port}` });
  assert.equal(own.status, 200);
});

test('accepts the Bearer header and the session cookie; returns Results from the dispatcher', async () => {
  const state = await call('state.get', {});
  assert.equal(state.status, 200);
  const snap = JSON.parse(state.body) as { ok: boolean; value: { rev: number; profiles: unknown[] } };
  assert.equal(snap.ok, true);
  assert.equal(typeof snap.value.rev, 'number');

  const session = await send(`${base}api/session`, { method: 'POST', headers: auth });
  assert.equal(session.status, 204);
  const setCookie = String(session.headers['set-cookie']);
  assert.match(setCookie, /^berth-session-\d+=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
  assert.ok(!setCookie.includes(host.http.secret), 'the cookie carries a derived token, not the secret');
  const cookie = setCookie.split(';')[0]!;
  const saved = await call('profiles.save', profile('via-cookie'), { Cookie: cookie });
  assert.equal(saved.status, 200, saved.body);
  assert.equal((JSON.parse(saved.body) as { ok: boolean }).ok, true);
  assert.ok(profileNames().includes('via-cookie'));
  // Another page on 127.0.0.1 is "same-site" (ports do not count): its no-cors requests carry the
  // cookie and no Origin, so Sec-Fetch-Site is what tells them apart.
  for (const site of ['same-site', 'cross-site']) {
    const other = await call('profiles.save', profile(`from-${site}`), { Cookie: cookie, 'Sec-Fetch-Site': site });
    assert.equal(other.status, 403, site);
    const stream = await send(`${base}api/events`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': site } });
    assert.equal(stream.status, 403, `events, ${site}`);
  }
  assert.ok(!profileNames().some((n) => n.startsWith('from-')));
  const ownPage = await call('state.get', {}, { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(ownPage.status, 200);

  const unknown = JSON.parse((await call('no.such', {})).body) as {
    ok: boolean;
    error: { code: string; message: string };
  };
  assert.deepEqual([unknown.ok, unknown.error.code], [false, 'bad-input']);
  assert.match(unknown.error.message, /unknown command "no\.such"/);
  const invalid = JSON.parse((await call('ports.who', { port: 'eighty' })).body) as {
    ok: boolean;
    error: { message: string };
  };
  assert.equal(invalid.ok, false);
  assert.match(invalid.error.message, /port/);
});

test('bodies must be JSON of at most 1 MiB', async () => {
  const form = await send(`${base}api/state.get`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'text/plain' },
    body: '{}',
  });
  assert.equal(form.status, 415);
  const broken = await send(`${base}api/state.get`, { method: 'POST', headers: { ...auth, ...json }, body: '{' });
  assert.equal(broken.status, 400);
  const big = await send(`${base}api/state.get`, {
    method: 'POST',
    headers: { ...auth, ...json },
    body: `"${'x'.repeat(1024 * 1024 + 10)}"`,
  });
  assert.equal(big.status, 413);
  const get = await send(`${base}api/state.get`, { headers: auth });
  assert.equal(get.status, 405);
});

test('the event stream sends the current state first, then a new state after a change', async () => {
  assert.equal((await send(`${base}api/events`, { headers: { Cookie: 'berth-session-1=nope' } })).status, 401);
  // As in a browser: EventSource cannot send headers, so the stream is opened with the session cookie.
  const session = await send(`${base}api/session`, { method: 'POST', headers: auth });
  const stream = openEvents(`${base}api/events`, { Cookie: String(session.headers['set-cookie']).split(';')[0]! });
  try {
    const first = await stream.next(() => true);
    assert.equal(first.event, 'state');
    assert.equal(stream.status(), 200);
    assert.match(stream.contentType(), /^text\/event-stream/);
    const rev = (first.data as { rev: number }).rev;
    assert.equal((JSON.parse((await call('profiles.save', profile('streamed'))).body) as { ok: boolean }).ok, true);
    const next = await stream.next(
      (e) =>
        e.event === 'state' && (e.data as { profiles: { name: string }[] }).profiles.some((p) => p.name === 'streamed'),
    );
    assert.ok((next.data as { rev: number }).rev > rev);
  } finally {
    stream.close();
  }
});

test('static files carry the CSP; traversal and unknown paths are refused', async () => {
  const index = await send(base);
  assert.equal(index.status, 200);
  assert.match(index.body, /<title>Berth<\/title>/);
  assert.equal(index.headers['content-security-policy'], CSP);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['referrer-policy'], 'no-referrer');
  assert.match(String(index.headers['content-type']), /^text\/html/);
  const js = await send(`${base}app.js`);
  assert.deepEqual([js.status, js.body], [200, 'console.log("berth");']);
  assert.match(String(js.headers['content-type']), /^text\/javascript/);
  assert.equal((await send(`${base}assets/icon.svg`)).headers['content-type'], 'image/svg+xml');
  assert.equal((await send(`${base}nope.js`)).status, 404);
  for (const path of ['..%2foutside.txt', '%2e%2e/outside.txt', 'assets/..%2F..%2Foutside.txt', '..%5coutside.txt']) {
    const r = await send(`${base}${path}`);
    assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`);
    assert.doesNotMatch(r.body, /not for the browser/);
    assert.equal(r.headers['content-security-policy'], CSP);
  }
});

test('a host whose window is not built serves a page saying so; close removes its http.json', async () => {
  const other = makeTempDir();
  try {
    const started = await startHost({ dataDir: other.dir, staticDir: join(other.dir, 'no-renderer') });
    assert.ok(started.ok);
    const page = await send(started.host.http.url);
    assert.equal(page.status, 200);
    assert.match(page.body, /not built/);
    assert.equal(page.headers['content-security-policy'], CSP);
    assert.ok(existsSync(join(other.dir, 'http.json')));
    await started.host.close({ stopInstances: true });
    assert.ok(!existsSync(join(other.dir, 'http.json')));
  } finally {
    other.remove();
  }
});
