#!/usr/bin/env node
/**
 * Rasterises the SVG sources in resources/src into the icons the tray app and the packages use
 * (`npm run icons`). The outputs are committed, so a build never needs this script; run it after
 * editing an SVG and look at the PNGs.
 *
 *   resources/tray/mac/tray-<state>Template.png (+ @2x)   macOS menu bar, black + alpha only
 *   resources/tray/linux/tray-<state>-on-<bg>.png (+ @2x) Linux status area
 *   resources/tray/win/tray-<state>-on-<bg>.ico           Windows notification area
 *   resources/app/icons/<n>x<n>.png, icon.png, icon.ico   app icons (Linux dir, macOS, Windows)
 *
 * <state> is idle | running | conflict | crash; <bg> is the panel the icon sits on (dark | light).
 */
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'resources', 'src');
const out = join(root, 'resources');

const STATES = ['idle', 'running', 'conflict', 'crash'];
/** The glyph colour in the sources; every variant replaces it. */
const GLYPH = '#000000';
/** Badge colours in the sources; the macOS template turns them black (the shape tells the state). */
const BADGES = ['#2ea043', '#e3a008', '#e5534b'];
/** Glyph colour per panel background: light glyph on a dark panel, dark glyph on a light one. */
const ON = { dark: '#f5f5f5', light: '#1f1f1f' };
/** 16 px at 100 % up to 48 px at 300 %: the sizes Windows picks from for the notification area. */
const WIN_TRAY_SIZES = [16, 20, 24, 32, 40, 48, 64];
const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** electron-builder wants a 256 px entry in the Windows .ico; larger ones are not allowed in ICO. */
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function renderSvg(svg, size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, shapeRendering: 2 }).render();
  return { png: image.asPng(), pixels: image.pixels };
}

function replaceAll(svg, colours, by) {
  return colours.reduce((s, c) => s.split(c).join(by), svg);
}

/**
 * A template image must be black with alpha only: macOS recolours it for light and dark menu bars
 * (Electron docs, nativeImage "Template Image"). Checked here rather than trusted.
 */
function assertTemplatePixels(pixels, name) {
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] !== 0 || pixels[i + 1] !== 0 || pixels[i + 2] !== 0) {
      throw new Error(`${name}: template image has a non-black pixel at ${i / 4}`);
    }
  }
}

/**
 * ICO with PNG entries, readable by Windows Vista and later. Layout: ICONDIR (6 bytes), one
 * ICONDIRENTRY (16 bytes) per image, then the PNG data; a width or height of 0 means 256.
 * https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)
 */
function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt8(0, e + 2);
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

function generateIcons() {
  const written = [];
  for (const state of STATES) {
    const svg = readFileSync(join(src, `tray-${state}.svg`), 'utf8');

    const template = replaceAll(svg, BADGES, GLYPH);
    for (const [scale, suffix] of [
      [1, ''],
      [2, '@2x'],
    ]) {
      const name = `tray-${state}Template${suffix}.png`;
      const { png, pixels } = renderSvg(template, 16 * scale);
      assertTemplatePixels(pixels, name);
      written.push(write(join(out, 'tray', 'mac', name), png));
    }

    for (const [bg, colour] of Object.entries(ON)) {
      const coloured = replaceAll(svg, [GLYPH], colour);
      written.push(write(join(out, 'tray', 'linux', `tray-${state}-on-${bg}.png`), renderSvg(coloured, 24).png));
      written.push(write(join(out, 'tray', 'linux', `tray-${state}-on-${bg}@2x.png`), renderSvg(coloured, 48).png));
      const ico = encodeIco(WIN_TRAY_SIZES.map((size) => ({ size, png: renderSvg(coloured, size).png })));
      written.push(write(join(out, 'tray', 'win', `tray-${state}-on-${bg}.ico`), ico));
    }
  }

  const app = readFileSync(join(src, 'app-icon.svg'), 'utf8');
  // Below 128 px the macOS margin only wastes pixels (the Dock never shows those sizes): crop to the body
  // and enlarge the anchor, so it still reads at 16 px.
  const small = app.replace('viewBox="0 0 1024 1024"', 'viewBox="100 100 824 824"').replace('scale(18)', 'scale(22)');
  const pngs = new Map(APP_SIZES.map((size) => [size, renderSvg(size < 128 ? small : app, size).png]));
  for (const [size, png] of pngs) written.push(write(join(out, 'app', 'icons', `${size}x${size}.png`), png));
  written.push(write(join(out, 'app', 'icon.png'), pngs.get(1024)));
  const ico = encodeIco(APP_ICO_SIZES.map((size) => ({ size, png: pngs.get(size) })));
  written.push(write(join(out, 'app', 'icon.ico'), ico));
  return written;
}

const written = generateIcons();
console.log(`Wrote ${written.length} icon files under resources/.`);
