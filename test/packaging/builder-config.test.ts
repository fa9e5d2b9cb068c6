import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * electron-builder.yml cannot be exercised here (no Electron binary, no signing), so this checks what
 * can go wrong without noticing: a target or key dropped, a referenced file renamed or never generated.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

type Platform = Readonly<{ target?: string[]; icon?: string; category?: string; extendInfo?: Record<string, unknown> }>;
type BuilderConfig = Readonly<{
  appId?: string;
  productName?: string;
  directories?: Readonly<{ buildResources?: string; output?: string }>;
  files?: string[];
  extraResources?: Readonly<{ from: string; to: string }>[];
  asarUnpack?: string[];
  afterPack?: string;
  mac?: Platform;
  win?: Platform;
  linux?: Platform;
}>;

const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const buildResources = join(root, config.directories?.buildResources ?? 'build');

/** electron-builder looks a resource up in buildResources first, then in the project (PlatformPackager.getResource). */
function findResource(path: string): string | undefined {
  return [resolve(buildResources, path), resolve(root, path)].find((p) => existsSync(p));
}

function readIcoSizes(path: string): number[] {
  const ico = readFileSync(path);
  assert.equal(ico.readUInt16LE(2), 1, `${path} is not an icon file`);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
}

test("the config passes electron-builder's own schema check", async () => {
  // The same check `electron-builder` runs before a build; app-builder-lib comes with electron-builder.
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
});

test('identity and output', () => {
  assert.equal(config.appId, 'dev.berth.app');
  assert.equal(config.productName, 'Berth');
  assert.equal(config.directories?.output, 'release');
});

test('targets: AppImage + deb, dmg, nsis', () => {
  assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
  assert.equal(config.linux?.category, 'Development');
  assert.deepEqual(config.mac?.target, ['dmg']);
  assert.deepEqual(config.win?.target, ['nsis']);
});

test('the deb target has what fpm refuses to build without: a homepage and a maintainer email', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    homepage?: string;
    author?: { email?: string };
  };
  assert.match(pkg.homepage ?? '', /^https?:\/\//);
  assert.match(pkg.author?.email ?? '', /^[^@\s]+@[^@\s]+$/);
});

test('macOS build is a menu-bar-only app', () => {
  assert.equal(config.mac?.extendInfo?.LSUIElement, true);
});

test('the app ships the compiled main process, the preload bundle and the renderer, and unpacks koffi', () => {
  const files = config.files ?? [];
  for (const pattern of ['dist/electron/**', 'dist/preload/**', 'dist/renderer/**', 'package.json']) {
    assert.ok(files.includes(pattern), `files lacks ${pattern}`);
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  assert.match(pkg.main, /^dist\/electron\//, 'package.json main must be inside dist/electron/**');
  assert.ok(config.asarUnpack?.includes('node_modules/koffi/**'));
});

test('every file the config references exists', () => {
  const referenced = [
    config.mac?.icon,
    config.win?.icon,
    config.linux?.icon,
    config.afterPack,
    ...(config.extraResources ?? []).map((r) => r.from),
  ];
  assert.equal(referenced.filter((p) => p === undefined).length, 0, 'an icon, afterPack or extraResources is missing');
  for (const path of referenced as string[]) assert.ok(findResource(path), `${path} does not exist`);
});

test('icons have the sizes the platforms ask for', () => {
  assert.ok(readIcoSizes(findResource(config.win!.icon!)!).includes(256), 'Windows icon needs a 256 px entry');
  const linuxIcons = readdirSync(findResource(config.linux!.icon!)!);
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) assert.ok(linuxIcons.includes(`${size}x${size}.png`));
  assert.ok(statSync(findResource(config.mac!.icon!)!).size > 0);
});

test('every tray icon the shell may load is packaged', () => {
  const tray = findResource(config.extraResources!.find((r) => r.to === 'tray')!.from)!;
  for (const state of ['idle', 'running', 'conflict', 'crash']) {
    assert.ok(existsSync(join(tray, 'mac', `tray-${state}Template.png`)));
    assert.ok(existsSync(join(tray, 'mac', `tray-${state}Template@2x.png`)));
    for (const bg of ['dark', 'light']) {
      assert.ok(existsSync(join(tray, 'linux', `tray-${state}-on-${bg}.png`)));
      assert.ok(existsSync(join(tray, 'linux', `tray-${state}-on-${bg}@2x.png`)));
      assert.ok(readIcoSizes(join(tray, 'win', `tray-${state}-on-${bg}.ico`)).includes(16));
    }
  }
});

test('afterPack flips the fuses the security checklist asks for', () => {
  const { FuseV1Options } = require('@electron/fuses') as typeof import('@electron/fuses');
  const hook = require(join(root, config.afterPack!)) as { default: unknown; FUSES: Record<number, boolean> };
  assert.equal(typeof hook.default, 'function');
  assert.deepEqual(hook.FUSES, {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
});

test('afterPack finds the Electron binary where electron-builder puts it', () => {
  const { findElectronBinary } = require(join(root, config.afterPack!)) as {
    findElectronBinary: (context: unknown) => string;
  };
  const packager = { appInfo: { productFilename: 'Berth' }, executableName: 'berth' };
  const at = (electronPlatformName: string) =>
    findElectronBinary({ appOutDir: '/out', electronPlatformName, packager });
  assert.deepEqual(['darwin', 'win32', 'linux'].map(at), [
    join('/out', 'Berth.app'),
    join('/out', 'Berth.exe'),
    join('/out', 'berth'),
  ]);
});
