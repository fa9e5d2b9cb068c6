import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, showView, skipReason } from './browser.js';
import { windowSuite } from './window-suite.js';
import { devServerCommand, freePort } from './servers.js';

const skip = skipReason();

describe('window: profiles and instances in Chromium', { skip: skip ?? false, timeout: 90_000 }, () => {
  const w = windowSuite();

  test('a profile created through the form starts, is ready on its port, shows live logs and stops', async () => {
    const { page, problems } = await w.open();
    const port = await freePort();
    await showView(page, 'Profiles');
    await page.getByRole('button', { name: 'New profile' }).click();
    await page.getByLabel('Name', { exact: true }).fill('web');
    await page.getByLabel('Command', { exact: true }).fill(devServerCommand(w.server));
    await page.getByLabel('Folder', { exact: true }).fill(w.dataDir);
    await page.getByLabel('Preferred port', { exact: true }).fill(String(port));
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('listitem').filter({ hasText: 'web' }).getByRole('button', { name: 'Start' }).click();
    await page.getByText(`web is ready on ${port}.`).waitFor({ timeout: 15_000 });

    await showView(page, 'Instances');
    const row = page.locator('li.instance', { hasText: 'web' });
    await row.locator('.badge', { hasText: 'Ready' }).waitFor();
    const link = row.getByRole('link', { name: `Open web on port ${port}` });
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`^http://(localhost|127\\.0\\.0\\.1):${port}/?$`));
    assert.equal(await link.getAttribute('target'), '_blank');
    await screenshot(page, 'instances-ready');

    await row.getByRole('button', { name: 'Logs' }).click();
    const log = page.getByLabel('Log output');
    await log.getByText('listening on').waitFor({ timeout: 5_000 });
    const ticks = async () => Number(/tick (\d+)\s*$/.exec((await log.textContent()) ?? '')?.[1] ?? 0);
    const first = await ticks();
    await page.waitForFunction(
      (n) => {
        const text =
          (
            globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
          ).document.querySelector('.log-lines')?.textContent ?? '';
        return Number(/tick (\d+)\s*$/.exec(text)?.[1] ?? 0) >= n + 3;
      },
      first,
      { timeout: 5_000 },
    );
    const seen = [...((await log.textContent()) ?? '').matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b).filter((n, i, all) => all.indexOf(n) === i),
      'each line once, in order',
    );
    await screenshot(page, 'logs-live');

    await showView(page, 'Instances');
    await row.getByRole('button', { name: 'Stop' }).click();
    await row.locator('.badge', { hasText: 'Stopped' }).waitFor({ timeout: 15_000 });
    await row.getByText('Stopped web').waitFor();
    await screenshot(page, 'instances-stopped');
    const inst = w.host.engine.supervisor.list().find((i) => i.profile === 'web');
    assert.equal(inst?.status, 'stopped');
    assert.deepEqual(problems, { console: [], errors: [], csp: [] });
    await page.context().close();
  });

  test('a profile whose preferred port is held starts on another and says who holds it', async () => {
    const held = await w.procs.startServer({ env: { PORT: '0' } });
    const saved = await w.host.engine.api['profiles.save']({
      profile: {
        name: 'api',
        command: devServerCommand(w.server),
        cwd: w.dataDir,
        ports: [{ name: 'PORT', preferred: held.port }],
      },
    });
    assert.ok(saved.ok);
    const { page } = await w.open({ width: 420, height: 560 });
    await showView(page, 'Profiles');
    await page.locator('li.profile', { hasText: 'api' }).getByRole('button', { name: 'Start' }).click();
    await page.getByText(/api is ready on \d+\./).waitFor({ timeout: 15_000 });
    await showView(page, 'Instances');
    const note = page.locator('li.instance', { hasText: 'api' }).locator('.note.fallback');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', new RegExp(`^\\d+: ${held.port} is held by node, PID ${held.pid}$`));
    await screenshot(page, 'instances-fallback-420');
    await w.host.engine.api['instances.stop']({ target: 'api' });
    await page.context().close();
  });

  test('a crashed instance shows its exit code and its last output', async () => {
    await w.saveDevProfile('flaky', { env: { CRASH_AFTER_MS: '800' } });
    const { page } = await w.open();
    await page.locator('.empty, li.instance').first().waitFor();
    await w.host.engine.api['instances.start']({ target: 'flaky' });
    const row = page.locator('li.instance', { hasText: 'flaky' });
    await row.locator('.badge', { hasText: 'Crashed' }).waitFor({ timeout: 10_000 });
    await row.getByText(/exit code 7/).waitFor();
    await row.getByLabel('Last output of flaky').getByText('fatal: database connection lost').waitFor();
    await screenshot(page, 'instances-crashed');
    await page.context().close();
  });

  test('invalid form input shows the field error and saves nothing', async () => {
    const before = (await w.host.engine.api['profiles.list']({})).ok;
    assert.ok(before);
    const count = () => w.host.engine.profiles.list().length;
    const n = count();
    const { page } = await w.open();
    await showView(page, 'Profiles');
    await page.getByRole('button', { name: 'New profile' }).click();
    await page.getByLabel('Name', { exact: true }).fill('bad name!');
    await page.getByLabel('Preferred port', { exact: true }).fill('70000');
    await page.getByLabel('Environment').fill('1BAD=x');
    await assertFieldError(page, 'Name', /must be 1–64 letters/);
    await assertFieldError(page, 'Preferred port', /must be from 1 to 65535, got 70000/);
    await assertFieldError(page, 'Environment', /must be an environment variable name, got "1BAD"/);
    await page.getByRole('button', { name: 'Create profile' }).click();
    await assertFieldError(page, 'Command', /must not be empty/);
    assert.equal(count(), n);
    // What was typed survives a trip to another view.
    await showView(page, 'Ports');
    await showView(page, 'Profiles');
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'bad name!');
    await assertFieldError(page, 'Preferred port', /got 70000/);
    assert.equal(count(), n);
    await screenshot(page, 'profile-form-invalid');
    await page.context().close();
  });
});

async function assertFieldError(page: import('playwright').Page, label: string, message: RegExp): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
  const id = (await input.getAttribute('id'))!;
  assert.match((await page.locator(`#${id}-error`).textContent()) ?? '', message);
}
