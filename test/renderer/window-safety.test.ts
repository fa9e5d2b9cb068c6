import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright';
import { screenshot, showView, skipReason } from './browser.js';
import { windowSuite } from './window-suite.js';
import { devServerCommand } from './servers.js';

const skip = skipReason();
const MARKUP = '<img src=x onerror=alert(1)>';

/** Serious and critical axe findings on what the page shows now, one line each. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

describe(
  'window: notices, untrusted text and accessibility in Chromium',
  { skip: skip ?? false, timeout: 100_000 },
  () => {
    // Garbage where profiles.json should be, before the host reads it.
    const w = windowSuite({
      prepare: (dir) => writeFileSync(join(dir, 'profiles.json'), '{"profiles": [oops, not json'),
    });

    test('a corrupted profiles file shows its notice, which can be dismissed', async () => {
      const { page } = await w.open({ width: 420, height: 560 });
      const notice = page.getByRole('region', { name: 'Notices' }).locator('.notice[data-kind="profiles-file"]');
      await notice.waitFor();
      assert.match((await notice.textContent()) ?? '', /profiles\.json/);
      await screenshot(page, 'notice-corrupt-profiles-420');
      await notice.getByRole('button', { name: /^Dismiss notice/ }).click();
      await notice.waitFor({ state: 'detached' });
      assert.equal(w.host.engine.notices.list().filter((n) => n.kind === 'profiles-file').length, 0);
      await page.context().close();
    });

    test('markup in names, commands and output renders as text, with no CSP violation or page error', async () => {
      const command = `echo '${MARKUP}'; ${devServerCommand(w.server)}`;
      await w.saveDevProfile('markup', { command });
      assert.ok((await w.host.engine.api['instances.start']({ target: 'markup' })).ok);
      const { page, problems } = await w.open();
      let alerted = false;
      page.on('dialog', (d) => {
        alerted = true;
        void d.dismiss();
      });
      await showView(page, 'Profiles');
      await page.getByText(command).waitFor();
      await page.getByRole('button', { name: 'New profile' }).click();
      await page.getByLabel('Name', { exact: true }).fill(MARKUP);
      await page.locator('#pf-name-error').getByText(`got "${MARKUP}"`, { exact: false }).waitFor();
      await screenshot(page, 'markup-as-text-form');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await showView(page, 'Logs');
      await page.getByLabel('Log output').getByText(MARKUP).waitFor({ timeout: 5_000 });
      await screenshot(page, 'markup-as-text-logs');
      assert.equal(await page.locator('img').count(), 0, 'no element was made from the text');
      assert.equal(alerted, false);
      assert.deepEqual(problems, { console: [], errors: [], csp: [] });
      await page.context().close();
    });

    for (const colorScheme of ['light', 'dark'] as const) {
      test(`axe finds no serious or critical violation on any view (${colorScheme})`, async () => {
        const { page } = await w.open({ colorScheme });
        const found: string[] = [];
        const check = async (name: string) => {
          for (const p of await axeProblems(page)) found.push(`${name}: ${p}`);
          await screenshot(page, `axe-${colorScheme}-${name}`);
        };
        await page.locator('li.instance').first().waitFor();
        await check('instances');
        await showView(page, 'Ports');
        await page.locator('li.listener').first().waitFor();
        await check('ports');
        await page.locator('li.listener.holder-instance button.free').first().click(); // a dry run only: Escape cancels
        await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).waitFor();
        await check('free-dialog');
        await page.keyboard.press('Escape');
        await showView(page, 'Profiles');
        await check('profiles');
        await page.getByRole('button', { name: 'New profile' }).click();
        await check('profile-form');
        await page.getByRole('button', { name: 'Cancel' }).click();
        await showView(page, 'Logs');
        await check('logs');
        await showView(page, 'Settings');
        await check('settings');
        assert.deepEqual(found, []);
        await page.context().close();
      });
    }
  },
);
