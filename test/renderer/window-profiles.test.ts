import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { isActive } from '../../electron/contract/views.js';
import { waitFor } from '../helpers/processes.js';
import { screenshot, showView, skipReason } from './browser.js';
import { windowSuite } from './window-suite.js';
import { devServerCommand, freePort } from './servers.js';

const skip = skipReason();
declare const location: { hash: string };

/** The view the navigation marks as current. */
async function currentView(page: Page): Promise<string> {
  const current = page.getByRole('navigation', { name: 'Views' }).locator('button[aria-current="page"]');
  return ((await current.textContent()) ?? '').replace(/\d+$/, '');
}

describe(
  'window: profiles, import, settings, Start another and focus in Chromium',
  { skip: skip ?? false, timeout: 120_000 },
  () => {
    const w = windowSuite();
    const names = () => w.host.engine.profiles.list().map((p) => p.name);
    const active = (profile: string) =>
      w.host.engine.supervisor.list().filter((i) => i.profile === profile && isActive(i));

    test('Duplicate copies a profile; Delete names it, Escape keeps it, confirming removes it', async () => {
      await w.saveDevProfile('web');
      const { page, problems } = await w.open();
      await showView(page, 'Profiles');
      await page.getByRole('button', { name: 'Duplicate web' }).click();
      await page.getByRole('form', { name: 'New profile' }).waitFor();
      assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'web-copy');
      assert.equal(await page.getByLabel('Command', { exact: true }).inputValue(), devServerCommand(w.server));
      await screenshot(page, 'profiles-duplicate-form');
      await page.getByRole('button', { name: 'Create profile' }).click();
      await page.getByText('Saved web-copy.').waitFor();
      const [web, copy] = ['web', 'web-copy'].map((n) => w.host.engine.profiles.list().find((p) => p.name === n));
      assert.ok(web && copy);
      assert.deepEqual({ ...copy, name: 'web' }, web, 'the copy differs only by its name');

      const row = page.locator('li.profile[data-profile="web-copy"]');
      const deleteButton = row.getByRole('button', { name: 'Delete web-copy' });
      await deleteButton.click();
      const dialog = page.getByRole('dialog', { name: 'Delete web-copy?' });
      await dialog.getByText('The profile is removed from Berth.', { exact: false }).waitFor();
      await screenshot(page, 'profiles-delete-confirm');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.ok(names().includes('web-copy'), 'Escape deleted nothing');
      assert.equal(await row.isVisible(), true);
      assert.equal(
        await deleteButton.evaluate((b) => b === (b.ownerDocument as { activeElement: unknown }).activeElement),
        true,
        'focus is back on the Delete button',
      );

      await deleteButton.click();
      await dialog.getByRole('button', { name: 'Delete web-copy' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row.waitFor({ state: 'detached' });
      assert.deepEqual(names(), ['web']);
      // Said where the dialog was opened from, instead of the older "Saved web-copy.".
      assert.equal(await page.locator('.profiles > [role="status"]').textContent(), 'Deleted web-copy.');
      await screenshot(page, 'profiles-after-delete');
      assert.deepEqual(problems, { console: [], errors: [], csp: [] });
      await page.context().close();
    });

    test('Import from a folder previews what it creates and leaves alone, and saves only on confirm', async () => {
      const dir = join(w.dataDir, 'shop');
      mkdirSync(dir);
      const port = await freePort();
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { dev: 'node server.js' } }));
      writeFileSync(join(dir, '.env'), `PORT=${port}\nREDIS_PORT=6379\n`);
      const { page, problems } = await w.open();
      await showView(page, 'Profiles');
      await page.getByRole('button', { name: 'Import from a folder' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import profiles from a folder' });
      await dialog.getByLabel('Folder').fill(dir);
      await dialog.getByRole('button', { name: 'Preview' }).click();
      await dialog.getByRole('heading', { name: 'Would create' }).waitFor();
      const created = dialog.getByRole('listitem').filter({ hasText: 'shop-dev' });
      assert.match(
        (await created.textContent()) ?? '',
        /shop-dev npm run dev from package\.json "dev": node server\.js/,
      );
      await dialog.getByText(`.env sets PORT=${port}`, { exact: false }).waitFor();
      // REDIS_PORT is a port the app connects to: the preview says it is left alone.
      await dialog.getByRole('heading', { name: 'Left alone' }).waitFor();
      const redis = dialog.getByRole('listitem').filter({ hasText: 'REDIS_PORT=6379' });
      assert.match((await redis.textContent()) ?? '', /a port the app connects to/);
      await screenshot(page, 'import-preview');
      assert.equal(names().includes('shop-dev'), false, 'nothing is saved by the preview');

      await dialog.getByRole('button', { name: 'Create 1 profile' }).click();
      await dialog.getByRole('heading', { name: 'Created' }).waitFor();
      const profile = w.host.engine.profiles.list().find((p) => p.name === 'shop-dev');
      assert.ok(profile, 'saved on confirm');
      assert.deepEqual([profile.command, profile.cwd, profile.envFile], ['npm run dev', dir, '.env']);
      assert.deepEqual(
        profile.ports.map((p) => p.name),
        ['PORT'],
        'REDIS_PORT did not become a port of the profile',
      );
      assert.equal(profile.env.REDIS_PORT, undefined);
      await screenshot(page, 'import-created');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('li.profile[data-profile="shop-dev"]').waitFor();
      assert.deepEqual(problems, { console: [], errors: [], csp: [] });
      await page.context().close();
    });

    test('Settings saves watched ports and onQuit; an invalid port shows an error and saves nothing', async () => {
      const { page, problems } = await w.open();
      await showView(page, 'Settings');
      const ports = page.getByLabel('Watched ports');
      await ports.fill('3000, 8765');
      await page.getByLabel('When Berth quits').selectOption('stop');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
      const stored = w.host.engine.settings.get();
      assert.deepEqual([stored.watchedPorts, stored.onQuit], [[3000, 8765], 'stop']);
      const got = await w.host.engine.api['settings.get']({});
      assert.ok(got.ok);
      assert.deepEqual(got.value, stored);
      await screenshot(page, 'settings-saved');

      await ports.fill('3000, 8765, 70000');
      assert.equal(await ports.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#st-watchedPorts-error').textContent(), 'must be from 1 to 65535, got 70000');
      assert.equal(await page.getByRole('button', { name: 'Save settings' }).isDisabled(), true);
      await ports.press('Enter'); // submitting the form anyway saves nothing
      await screenshot(page, 'settings-invalid');
      assert.deepEqual(w.host.engine.settings.get(), stored);

      // A fresh window shows what was saved.
      const fresh = await w.open();
      await showView(fresh.page, 'Settings');
      assert.equal(await fresh.page.getByLabel('Watched ports').inputValue(), '3000, 8765');
      assert.equal(await fresh.page.getByLabel('When Berth quits').inputValue(), 'stop');
      // Saved elsewhere (the CLI): the untouched form follows; the edited one keeps what is typed.
      assert.ok((await w.host.engine.api['settings.save']({ settings: { ...stored, watchedPorts: [4444] } })).ok);
      const freshPorts = fresh.page.getByLabel('Watched ports');
      await waitFor(async () => (await freshPorts.inputValue()) === '4444', 10_000);
      assert.equal(await ports.inputValue(), '3000, 8765, 70000', 'what the user typed is never lost');
      assert.equal(await page.getByText('Settings saved.').count(), 0, 'the saved line went with the edit');
      for (const p of [problems, fresh.problems]) assert.deepEqual(p, { console: [], errors: [], csp: [] });
      await fresh.page.context().close();
      await page.context().close();
    });

    test('"Start another" starts a second instance of the same profile on another port', async () => {
      const port = await w.saveDevProfile('twin');
      assert.ok((await w.host.engine.api['instances.start']({ target: 'twin' })).ok);
      const { page, problems } = await w.open();
      const starts: unknown[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/instances.start')) starts.push(JSON.parse(r.postData() ?? 'null'));
      });
      const rows = page.locator('li.instance[data-instance-profile="twin"]');
      await rows.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: 15_000 });
      await rows.getByRole('button', { name: 'Start another' }).click();
      await rows.getByText(/twin is ready on \d+\./).waitFor({ timeout: 15_000 });
      await waitFor(async () => (await rows.locator('.badge', { hasText: 'Ready' }).count()) === 2, 15_000);
      assert.deepEqual(starts, [{ target: 'twin', new: true }]);
      const twins = active('twin');
      assert.equal(twins.length, 2);
      const used = twins.map((i) => i.ports.PORT);
      assert.ok(used.includes(port) && new Set(used).size === 2, `different ports: ${used.join(', ')}`);
      await screenshot(page, 'instances-start-another');

      // The Profiles view says "Start another" for a running profile: it must do the same.
      await showView(page, 'Profiles');
      const profileRow = page.locator('li.profile[data-profile="twin"]');
      await profileRow.getByRole('button', { name: 'Start another' }).click();
      await profileRow.getByText(/twin is ready on \d+\./).waitFor({ timeout: 15_000 });
      assert.deepEqual(starts[1], { target: 'twin', new: true });
      await waitFor(() => active('twin').length === 3, 15_000);
      assert.equal(new Set(active('twin').map((i) => i.ports.PORT)).size, 3);
      await screenshot(page, 'profiles-start-another');

      assert.ok((await w.host.engine.api['instances.stop']({ target: 'twin' })).ok);
      await waitFor(() => active('twin').length === 0, 15_000);
      assert.deepEqual(problems, { console: [], errors: [], csp: [] });
      await page.context().close();
    });

    test('a #port= hash opens Ports filtered to that port; #profile= opens Instances on that row', async () => {
      const held = await w.procs.startServer({ env: { PORT: String(await freePort()) } });
      for (const name of ['alpha', 'beta']) {
        await w.saveDevProfile(name);
        const started = await w.host.engine.api['instances.start']({ target: name });
        assert.ok(started.ok && started.value.instances[0]?.status === 'ready', JSON.stringify(started));
      }
      const { page, problems } = await w.open();
      await page.locator('li.instance').first().waitFor();
      assert.equal(await currentView(page), 'Instances');

      await page.evaluate((port) => {
        location.hash = `port=${port}`;
      }, held.port);
      await page.locator(`li.listener[data-port="${held.port}"]`).first().waitFor({ timeout: 10_000 });
      assert.equal(await currentView(page), 'Ports');
      assert.equal(await page.getByLabel('Filter').inputValue(), String(held.port));
      const listed = await page
        .locator('li.listener')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-port')));
      assert.ok(listed.length > 0 && listed.every((p) => p === String(held.port)), `only ${held.port}: ${listed}`);
      await screenshot(page, 'focus-port');

      await page.evaluate(() => {
        location.hash = 'profile=beta';
      });
      await page.locator('li.instance.focused[data-instance-profile="beta"]').waitFor({ timeout: 10_000 });
      assert.equal(await currentView(page), 'Instances');
      assert.equal(await page.locator('li.instance.focused').count(), 1, 'only that row is marked');
      await screenshot(page, 'focus-profile');
      // The hash carried no secret: the page keeps its own, so an action on the focused row still runs.
      await page.locator('li.instance.focused').getByRole('button', { name: 'Stop' }).click();
      await page.locator('li.instance.focused').getByText('Stopped beta').waitFor({ timeout: 15_000 });
      assert.equal(active('beta').length, 0);
      // The row's status (and so its class) changed: it is still the marked one.
      await page
        .locator('li.instance.focused.status-stopped[data-instance-profile="beta"]')
        .waitFor({ timeout: 5_000 });
      assert.equal(await page.locator('li.instance.focused').count(), 1);
      assert.deepEqual(problems, { console: [], errors: [], csp: [] });
      await page.context().close();
    });
  },
);
