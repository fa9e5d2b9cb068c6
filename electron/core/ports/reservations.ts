/**
 * In-process port reservations: a port handed to one launch is not handed to another until the
 * launch releases it (its tree listens, or it exits). Reserving is synchronous, so two resolutions
 * running at once can never both pass the check for the same port. A TTL guards against a caller
 * that never releases.
 */
export type Reservations = Readonly<{
  tryReserve(port: number, owner: string): boolean;
  holderOf(port: number): string | undefined;
  release(port: number, owner: string): void;
  releaseOwner(owner: string): void;
  list(): ReadonlyMap<number, string>;
}>;

export function createReservations(ttlMs = 5 * 60_000, now: () => number = Date.now): Reservations {
  const held = new Map<number, { owner: string; expiresAt: number }>();
  const live = (port: number): { owner: string; expiresAt: number } | undefined => {
    const r = held.get(port);
    if (r && r.expiresAt <= now()) {
      held.delete(port);
      return undefined;
    }
    return r;
  };
  return {
    tryReserve(port, owner) {
      if (live(port)) return false;
      held.set(port, { owner, expiresAt: now() + ttlMs });
      return true;
    },
    holderOf: (port) => live(port)?.owner,
    release(port, owner) {
      if (held.get(port)?.owner === owner) held.delete(port);
    },
    releaseOwner(owner) {
      for (const [port, r] of held) if (r.owner === owner) held.delete(port);
    },
    list() {
      const out = new Map<number, string>();
      for (const port of [...held.keys()]) {
        const r = live(port);
        if (r) out.set(port, r.owner);
      }
      return out;
    },
  };
}
