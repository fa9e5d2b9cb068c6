// `npm start` (after the build): the Electron app where its binary exists; otherwise the same window
// in the browser, served by a background host, so the README's first command always gives the user
// Berth. Never a stack trace: every failure is one line and an exit code.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Electron executable, or null. `require('electron')` is not used: its index.js starts a
 * download when the binary is missing (node_modules/electron/index.js), so the same lookup is done
 * here without side effects: path.txt names the binary under dist/, written by the postinstall.
 */
function electronPackageDir() {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function findElectron() {
  const pkgDir = electronPackageDir();
  if (pkgDir === null) return null;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override ? join(override, relative || 'electron') : join(pkgDir, 'dist', relative);
  return existsSync(executable) ? executable : null;
}

/**
 * Electron 45 has no postinstall: its binary is fetched on first use. Fetch it once here with Electron's
 * own installer (bounded), unless the user opted out (ELECTRON_SKIP_BINARY_DOWNLOAD, an override dir).
 * Returns why it is still missing, or null when it is there now.
 */
function fetchElectron() {
  const pkgDir = electronPackageDir();
  if (pkgDir === null) return 'the electron package is not installed';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return 'its binary was not downloaded';
  if (/^(1|true)$/i.test(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '')) return 'its binary was not downloaded';
  console.log('Downloading Electron (first start only)…');
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'ignore'],
    timeout: 5 * 60_000,
  });
  return r.status === 0 && findElectron() ? null : 'its binary could not be downloaded';
}

async function main() {
  let electron = findElectron();
  let missing = electron ? null : fetchElectron();
  if (!electron && missing === null) electron = findElectron();
  if (electron) {
    const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`Could not start Electron (${err.message}).`);
      process.exitCode = 1;
    });
    child.on('exit', (code, signal) => {
      process.exitCode = code ?? (signal ? 1 : 0);
    });
    return;
  }
  missing ??= 'its binary was not found';
  console.log(`Electron is not available here (${missing}); opening Berth in your browser instead.`);
  const { run } = await import('../dist/electron/cli/main.js');
  process.exitCode = await run(['open']);
}

main().catch((err) => {
  console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
