import { readFileSync } from 'node:fs';

/**
 * The range the OS hands out for outgoing connections and port 0: a server's port chosen inside it
 * can be taken at any moment by a client socket. Linux: net.ipv4.ip_local_port_range; macOS and
 * Windows use the IANA range 49152–65535 by default.
 */
export function ephemeralRange(platform: NodeJS.Platform = process.platform): readonly [number, number] {
  if (platform === 'linux') {
    try {
      const [from, to] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
      if (from && to) return [from, to];
    } catch {
      // fall through to the kernel's default
    }
    return [32768, 60999];
  }
  return [49152, 65535];
}

/** Port specs whose range (or preferred port) falls inside the ephemeral range, as "NAME a-b" texts. */
export function overlapsEphemeral(
  specs: readonly Readonly<{ name: string; preferred?: number; range?: readonly [number, number] }>[],
  range = ephemeralRange(),
): string[] {
  const [lo, hi] = range;
  const out: string[] = [];
  for (const s of specs) {
    const [a, b] = s.range ?? (s.preferred !== undefined ? [s.preferred, s.preferred] : [null, null]);
    if (a !== null && b !== null && a <= hi && b >= lo) out.push(`${s.name} ${a === b ? a : `${a}-${b}`}`);
  }
  return out;
}
