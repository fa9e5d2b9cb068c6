import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp dir under /tmp/berth-test-*, removed by the returned function. */
export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
