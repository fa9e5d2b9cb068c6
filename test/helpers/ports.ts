import { checkBindable } from '../../electron/core/ports/free-check.js';

/**
 * A block of `count` consecutive ports that bind on every loopback/wildcard address right now,
 * above the Linux ephemeral range so the OS does not hand them to clients meanwhile. Each test file
 * passes its own `base` so concurrent files never share ports.
 */
export async function findFreeBlock(count: number, base: number): Promise<number[]> {
  for (let start = base; start + count <= 65535; start += count + 1) {
    const ports = Array.from({ length: count }, (_, i) => start + i);
    let ok = true;
    for (const p of ports)
      if (!(await checkBindable(p)).ok) {
        ok = false;
        break;
      }
    if (ok) return ports;
  }
  throw new Error(`no block of ${count} free ports from ${base}`);
}
