import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { screenshot, showView, skipReason } from './browser.js';
import { windowSuite } from './window-suite.js';
import { freePort } from './servers.js';

const skip = skipReason();

/** Megabytes the flood server writes, and over how long: enough that the page must not render it all. */
const FLOOD_MB = 48;
const FLOOD_MS = 8000;
/** What "answers" means here: generous, so a slow machine passes and a page that renders 50 MB does not. */
const ANSWER_MS = 2000;
/** The renderer's own bound (renderer/views/logs-view.tsx TAIL): the page never holds more lines. */
const TAIL = 2000;

/**
 * A server that listens on $PORT, then writes FLOOD_MB of 100-byte lines in 1 MB chunks over FLOOD_MS
 * (every 100th line says "needle", the others "hay"), writes FLOOD_DONE when done, then a numbered
 * "live N" line every 100 ms.
 */
const FLOOD_SERVER = `
import { createServer } from 'node:net';
import { writeFileSync, writeSync } from 'node:fs';
const port = Number(process.env.PORT ?? 0);
const chunks = Number(process.env.FLOOD_MB);
const every = Number(process.env.FLOOD_MS) / chunks;
const server = createServer((c) => c.end('hello\\n'));
let n = 0;
const line = () => {
  n++;
  const head = 'flood ' + String(n).padStart(7, '0') + (n % 100 === 0 ? ' needle ' : ' hay ');
  return head + 'x'.repeat(99 - head.length) + '\\n';
};
const chunk = () => {
  const out = [];
  for (let bytes = 0; bytes < 1 << 20; bytes += 100) out.push(line());
  writeSync(1, out.join(''));
};
let live = 0;
server.listen(port, '127.0.0.1', () => {
  console.log('listening on ' + port);
  let sent = 0;
  const t = setInterval(() => {
    chunk();
    if (++sent < chunks) return;
    clearInterval(t);
    console.log('flood done: ' + n + ' lines');
    writeFileSync(process.env.FLOOD_DONE, String(Date.now()));
    setInterval(() => console.log('live ' + ++live), 100);
  }, every);
});
`;

type Latency = { type: string; ms: number; reflected: boolean };
declare const document: {
  querySelector(s: string): {
    textContent: string | null;
    scrollTop: number;
    scrollHeight: number;
    clientHeight: number;
  };
  querySelectorAll(s: string): { length: number };
  addEventListener(
    type: string,
    f: (e: { type: string; timeStamp: number; target: unknown }) => void,
    c: boolean,
  ): void;
};
declare const requestAnimationFrame: (f: () => void) => void;
type Probe = {
  latencies: Latency[];
  maxGap: number;
  stop: boolean;
};
declare const window: { __probe: Probe };
declare const navigator: { clipboard: { readText(): Promise<string> } };

/**
 * In the page: for every `change` (the Follow box) and `input` (Search), the time from the input event
 * (its timeStamp: when the browser received it) to the first frame after it, and whether that frame
 * already shows the answer; and the longest gap between 50 ms timer ticks (how long the page froze).
 */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: Probe = { latencies: [], maxGap: 0, stop: false };
    window.__probe = probe;
    const logText = () => document.querySelector('.log-lines')?.textContent ?? '';
    const onEvent = (e: { type: string; timeStamp: number; target: unknown }) => {
      const t0 = e.timeStamp;
      const target = e.target as { type?: string; value?: string; checked?: boolean };
      requestAnimationFrame(() =>
        setTimeout(() => {
          let reflected = true;
          if (target.type === 'search') {
            const q = (target.value ?? '').toLowerCase();
            const text = logText();
            reflected =
              text.startsWith('No line contains') || text.split('\n').every((l) => l.toLowerCase().includes(q));
          }
          probe.latencies.push({ type: `${e.type}:${target.type ?? '?'}`, ms: performance.now() - t0, reflected });
        }, 0),
      );
    };
    document.addEventListener('input', onEvent, true);
    document.addEventListener('change', onEvent, true);
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      probe.maxGap = Math.max(probe.maxGap, now - last);
      last = now;
      if (!probe.stop) setTimeout(tick, 50);
    };
    setTimeout(tick, 50);
  });
}

const readProbe = (page: Page): Promise<Probe> => page.evaluate(() => window.__probe);

/** What the log box holds now: its lines, how many elements the whole page has, and where it is scrolled. */
function logBox(page: Page) {
  return page.evaluate(() => {
    const pre = document.querySelector('.log-lines');
    const text = pre?.textContent ?? '';
    return {
      lines: text === '' ? 0 : text.split('\n').length,
      elements: document.querySelectorAll('*').length,
      text,
      scrollTop: pre?.scrollTop ?? 0,
      atBottom: pre ? pre.scrollHeight - pre.clientHeight - pre.scrollTop <= 2 : false,
      scrollable: pre ? pre.scrollHeight > pre.clientHeight + 100 : false,
    };
  });
}

const lastLive = (text: string): number => Number([...text.matchAll(/^live (\d+)$/gm)].at(-1)?.[1] ?? 0);

describe('window: logs of a server that writes a flood, in Chromium', { skip: skip ?? false, timeout: 120_000 }, () => {
  const w = windowSuite();

  test(`${FLOOD_MB} MB of output: the page keeps the tail, answers input, follows, searches and copies`, async (t) => {
    const file = join(w.dataDir, 'flood-server.mjs');
    writeFileSync(file, FLOOD_SERVER);
    const done = join(w.dataDir, 'flood-done');
    const profile = {
      name: 'flood',
      command: `"${process.execPath}" "${file}"`,
      cwd: w.dataDir,
      env: { FLOOD_MB: String(FLOOD_MB), FLOOD_MS: String(FLOOD_MS), FLOOD_DONE: done },
      ports: [{ name: 'PORT', preferred: await freePort() }],
    };
    assert.ok((await w.host.engine.api['profiles.save']({ profile })).ok);

    const { page, problems } = await w.open();
    const origin = new URL(w.host.dashboardUrl).origin;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await showView(page, 'Logs');
    await page.getByText('No logs yet.').waitFor();
    await screenshot(page, 'logs-empty');
    await installProbe(page);

    const started = await w.host.engine.api['instances.start']({ target: 'flood' });
    assert.ok(started.ok && started.value.instances[0]?.status === 'ready', JSON.stringify(started));
    await w.procs.track(started.value.instances[0]?.pid ?? undefined);
    const log = page.getByLabel('Log output');
    await log
      .getByText(/^flood \d+/)
      .first()
      .waitFor({ timeout: 10_000 });

    // While the flood runs: toggle Follow and type in Search again and again, watching the DOM stay bounded.
    const follow = page.getByLabel('Follow');
    const search = page.getByLabel('Search');
    const actions: number[] = [];
    let during = 0;
    let maxLines = 0;
    let maxElements = 0;
    let shot = false;
    while (!existsSync(done)) {
      const t0 = Date.now();
      await follow.uncheck();
      await follow.check();
      await search.pressSequentially('needle');
      const box = await logBox(page);
      maxLines = Math.max(maxLines, box.lines);
      if (!shot) {
        await screenshot(page, 'logs-flood-search');
        shot = true;
      }
      await search.fill('');
      actions.push(Date.now() - t0);
      if (!existsSync(done)) during++;
      const all = await logBox(page);
      maxLines = Math.max(maxLines, all.lines);
      maxElements = Math.max(maxElements, all.elements);
    }
    assert.ok(during >= 1, `clicks and typing while the flood ran (${during} rounds)`);
    await page
      .getByText(/^live \d+$/m)
      .first()
      .waitFor({ timeout: 10_000 });
    await screenshot(page, 'logs-flood-following');

    const probe = await readProbe(page);
    const slow = probe.latencies.filter((l) => l.ms > ANSWER_MS);
    const stale = probe.latencies.filter((l) => !l.reflected);
    assert.ok(probe.latencies.length >= 2 * 8, `latencies were measured: ${probe.latencies.length}`);
    assert.deepEqual(slow, [], `every click and keystroke answered within ${ANSWER_MS} ms`);
    assert.deepEqual(stale, [], 'the first frame after a keystroke shows only matching lines');
    assert.ok(probe.maxGap < ANSWER_MS, `the page never froze for ${ANSWER_MS} ms (longest gap ${probe.maxGap} ms)`);
    assert.ok(maxLines > 100 && maxLines <= TAIL, `the page shows the tail only: at most ${maxLines} lines`);
    assert.ok(maxElements < 300, `a handful of elements, not one per line: ${maxElements}`);
    const status = (await page.locator('.logs .count').textContent()) ?? '';
    assert.match(status, new RegExp(`^${TAIL} lines \\(the last ${TAIL}; the whole log is in the file\\)$`));
    const latencies = probe.latencies.map((l) => l.ms);
    t.diagnostic(
      `flood: ${during} rounds during the flood, round trip ${Math.min(...actions)}–${Math.max(...actions)} ms; ` +
        `in-page answer ${Math.round(Math.min(...latencies))}–${Math.round(Math.max(...latencies))} ms over ` +
        `${latencies.length} events; longest main-thread gap ${Math.round(probe.maxGap)} ms; ` +
        `at most ${maxLines} lines and ${maxElements} elements`,
    );

    // Following: live lines keep arriving and the box stays scrolled to the newest.
    let seen = lastLive((await logBox(page)).text);
    for (let i = 0; i < 3; i++) {
      await page.waitForFunction(
        (n) => {
          const t = document.querySelector('.log-lines')?.textContent ?? '';
          return Number([...t.matchAll(/^live (\d+)$/gm)].at(-1)?.[1] ?? 0) > n;
        },
        seen,
        { timeout: 5_000 },
      );
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
      const box = await logBox(page);
      assert.ok(box.scrollable, 'the tail is taller than its box');
      assert.ok(box.atBottom, 'following: scrolled to the newest line');
      assert.ok(lastLive(box.text) > seen);
      seen = lastLive(box.text);
    }

    // Follow off: new lines still arrive, but the box stays where the user put it.
    await follow.uncheck();
    await log.evaluate((pre) => (pre.scrollTop = 2000));
    const parked = await logBox(page);
    await page.waitForFunction(
      (n) => {
        const t = document.querySelector('.log-lines')?.textContent ?? '';
        return Number([...t.matchAll(/^live (\d+)$/gm)].at(-1)?.[1] ?? 0) >= n + 5;
      },
      lastLive(parked.text),
      { timeout: 5_000 },
    );
    const still = await logBox(page);
    assert.equal(still.scrollTop, parked.scrollTop, 'not following: the box did not scroll');
    assert.equal(still.atBottom, false);
    await screenshot(page, 'logs-not-following');
    await follow.check();
    await page.waitForFunction(() => {
      const pre = document.querySelector('.log-lines');
      return pre !== null && pre.scrollHeight - pre.clientHeight - pre.scrollTop <= 2;
    });

    // Search: only the lines with the text (any case); a text nothing has says so.
    await search.fill('NEEDLE');
    const found = await logBox(page);
    const needles = found.text.split('\n');
    assert.ok(needles.length >= 5 && needles.length < TAIL / 50, `a few needles: ${needles.length}`);
    assert.ok(
      needles.every((l) => /^flood \d{7} needle x+$/.test(l)),
      needles.find((l) => !l.includes('needle')),
    );
    await page.locator('.logs .count').getByText(`${needles.length} of ${TAIL} lines`).waitFor();

    // Copy puts exactly the lines shown on the clipboard and says how many.
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.locator('.logs .count').getByText(`Copied ${needles.length} lines.`).waitFor();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip, needles.join('\n'));
    await screenshot(page, 'logs-search-copied');

    await search.fill('no such text anywhere');
    await log.getByText('No line contains "no such text anywhere".').waitFor();
    await page.locator('.logs .count').getByText(`0 of ${TAIL} lines`).waitFor();
    await search.fill('');
    await page.getByText(/^\d+ lines \(the last/).waitFor();
    await page.evaluate(() => (window.__probe.stop = true));
    assert.deepEqual(problems, { console: [], errors: [], csp: [] });
    await page.context().close();
  });
});
