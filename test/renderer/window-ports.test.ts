import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { isAlive, waitFor } from '../helpers/processes.js';
import { screenshot, showView, skipReason } from './browser.js';
import { windowSuite } from './window-suite.js';
import { freePort } from './servers.js';

const skip = skipReason();

async function filterPorts(page: Page, port: number): Promise<void> {
  await showView(page, 'Ports');
  await page.getByLabel('Filter').fill(String(port));
  await page.locator(`li.listener[data-port="${port}"]`).first().waitFor({ timeout: 10_000 });
}

describe('window: ports in Chromium', { skip: skip ?? false, timeout: 90_000 }, () => {
  const w = windowSuite();

  test('freeing a foreign listener names the process, asks, and frees the port', async () => {
    const foreign = await w.procs.startServer({ env: { PORT: String(await freePort()) } });
    const { page, problems } = await w.open();
    await filterPorts(page, foreign.port);
    const row = page.locator(`li.listener[data-port="${foreign.port}"]`).first();
    assert.match((await row.textContent()) ?? '', new RegExp(`node \\(PID ${foreign.pid}\\)Yours`));
    await row.getByRole('button', { name: `Free port ${foreign.port} (node (PID ${foreign.pid}))` }).click();
    const dialog = page.getByRole('dialog', { name: `Free port ${foreign.port}` });
    await dialog
      .getByRole('list', { name: 'Processes that will be stopped' })
      .getByText(`node (PID ${foreign.pid})`)
      .waitFor();
    await screenshot(page, 'ports-free-confirm');
    assert.equal(await isAlive(foreign.pid), true, 'nothing is stopped before confirming');
    await page.keyboard.press('Enter'); // the confirm button has focus: Enter confirms
    await dialog.locator('.outcome .ok').waitFor({ timeout: 15_000 });
    await screenshot(page, 'ports-free-done');
    const check = await w.host.engine.api['ports.check']({ port: foreign.port });
    assert.ok(check.ok && check.value.free, 'the port binds again');
    await waitFor(async () => !(await isAlive(foreign.pid)), 5_000);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`li.listener[data-port="${foreign.port}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual(problems, { console: [], errors: [], csp: [] });
    await page.context().close();
  });

  test("Free on a port held by Berth's own instance stops the instance (stopped, not crashed)", async () => {
    const port = await w.saveDevProfile('own', { restart: 'on-failure' });
    const started = await w.host.engine.api['instances.start']({ target: 'own' });
    assert.ok(started.ok && started.value.instances[0]?.status === 'ready');
    const { page } = await w.open();
    await filterPorts(page, port);
    const row = page.locator(`li.listener[data-port="${port}"]`).first();
    await row.getByText('Berth instance of own').waitFor();
    await row.getByRole('button', { name: /^Free port/ }).click();
    const dialog = page.getByRole('dialog', { name: `Free port ${port}` });
    await dialog.getByText(/Would stop the Berth instance own/).waitFor();
    await dialog.getByRole('button', { name: 'Stop 1 instance' }).click();
    await dialog.locator('.outcome .ok').waitFor({ timeout: 15_000 });
    await screenshot(page, 'ports-free-instance');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await showView(page, 'Instances');
    await page
      .locator('li.instance', { hasText: 'own' })
      .locator('.badge', { hasText: 'Stopped' })
      .waitFor({ timeout: 10_000 });
    const inst = w.host.engine.supervisor.list().find((i) => i.profile === 'own');
    assert.equal(inst?.status, 'stopped');
    await page.context().close();
  });

  test('a second page sees what the first one changes', async () => {
    const first = await w.open();
    const second = await w.open({ colorScheme: 'dark' });
    await showView(first.page, 'Settings');
    await showView(second.page, 'Profiles');
    await first.page.getByLabel('Watched ports').fill('8000, 5173');
    await first.page.getByRole('button', { name: 'Save settings' }).click();
    await first.page.getByText('Settings saved.').waitFor();
    // The profile made in the first page appears in the second, through the pushed snapshot.
    await showView(first.page, 'Profiles');
    await first.page.getByRole('button', { name: 'New profile' }).click();
    await first.page.getByLabel('Name', { exact: true }).fill('shared');
    await first.page.getByLabel('Command', { exact: true }).fill('sleep 60');
    await first.page.getByLabel('Folder', { exact: true }).fill(w.dataDir);
    await first.page.getByRole('button', { name: 'Create profile' }).click();
    await second.page.locator('li.profile[data-profile="shared"]').waitFor({ timeout: 5_000 });
    await showView(second.page, 'Settings');
    assert.equal(await second.page.getByLabel('Watched ports').inputValue(), '8000, 5173');
    await screenshot(second.page, 'second-page-dark');
    await first.page.context().close();
    await second.page.context().close();
  });
});
