/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged binary, as Electron's
 * security checklist recommends (https://www.electronjs.org/docs/latest/tutorial/fuses).
 * afterPack runs after the app is copied and before it is signed, and fuses must be flipped before
 * signing (https://www.electron.build/docs/features/hooks/).
 *
 * CommonJS because electron-builder loads hooks with require() and package.json is "type": "module".
 */
'use strict';

const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const { Arch } = require('electron-builder');

/** The fuses Berth sets; exported so the packaging test can check them without a packaged binary. */
const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn Berth's binary into a plain Node with the app's entitlements.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone who can start Berth inject code into its main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Together these two make Electron load only an app.asar whose hash electron-builder recorded.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The window loads from berth://, never file://, so file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/**
 * The Electron binary inside appOutDir, found the way electron-builder's own fuse support does
 * (app-builder-lib PlatformPackager.addElectronFuses): Foo.app on macOS, Foo.exe on Windows, the
 * lower-case executable name on Linux.
 */
function findElectronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const binary = findElectronBinary(context);
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Apple Silicon refuses a binary whose ad-hoc signature no longer matches; electron-builder re-signs
    // when it has an identity, this covers unsigned local builds (@electron/fuses README, "Apple Silicon").
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === Arch.arm64,
    ...FUSES,
  });
}

exports.default = afterPack;
exports.FUSES = FUSES;
exports.findElectronBinary = findElectronBinary;
