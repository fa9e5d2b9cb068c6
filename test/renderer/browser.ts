import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright';
import { startHost, type Host } from '../../electron/host/host.js';
import { makeTempDir } from '../helpers/temp.js';

/** Debian's Chromium: Playwright's own browser builds cannot be downloaded here. */
export const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
export const resultsDir = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const bundle = fileURLToPath(new URL('../../renderer/app.js', import.meta.url));

/** Why the Chromium tests cannot run here (reported as a skip), or null. */
export function skipReason(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set BERTH_CHROMIUM)`;
  if (!existsSync(bundle)) return `no renderer bundle at ${bundle}: run npm run build`;
  return null;
}

/** `args`: extra Chromium switches, e.g. `--host-resolver-rules=MAP rebind.test 127.0.0.1`. */
export function launchChromium(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...args] });
}

export type TestHost = Readonly<{ host: Host; dataDir: string; close(): Promise<void> }>;

/** A real host on a temp BERTH_HOME; `before` runs on the empty data dir before the host reads it. */
export async function startTestHost(before?: (dataDir: string) => void): Promise<TestHost> {
  const tmp = makeTempDir();
  before?.(tmp.dir);
  const started = await startHost({ dataDir: tmp.dir, backoffScale: 0.01 });
  if (!started.ok) throw new Error(started.message);
  const { host } = started;
  return {
    host,
    dataDir: tmp.dir,
    async close() {
      await host.close({ stopInstances: true });
      tmp.remove();
    },
  };
}

/** Everything the page complained about: console errors, uncaught errors and CSP violations. */
export type PageProblems = { console: string[]; errors: string[]; csp: string[] };

export type OpenOptions = Readonly<{ colorScheme?: 'light' | 'dark'; width?: number; height?: number }>;

/** Opens the dashboard in a fresh context (own cookies), collecting every problem the page reports. */
export async function openDashboard(
  browser: Browser,
  url: string,
  options: OpenOptions = {},
): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 900, height: options.height ?? 700 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems: PageProblems = { console: [], errors: [], csp: [] };
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.console.push(m.text());
  });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  // Reported by the page itself: a violation is an event on the document, not always a console line.
  await page.exposeFunction('__berthCsp', (text: string) => problems.csp.push(text));
  await page.addInitScript(() => {
    const w = globalThis as unknown as {
      document: {
        addEventListener(n: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void;
      };
      __berthCsp(t: string): void;
    };
    w.document.addEventListener('securitypolicyviolation', (e) =>
      w.__berthCsp(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: `${resultsDir}${name}.png`, fullPage: true });
}

export async function showView(
  page: Page,
  name: 'Instances' | 'Ports' | 'Profiles' | 'Logs' | 'Settings',
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}
