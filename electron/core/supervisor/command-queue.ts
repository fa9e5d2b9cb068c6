/**
 * Runs the commands of one key (a profile name) one at a time, in arrival order, so whatever the
 * timing of starts, stops, restarts and exits there is one outcome (DESIGN.md "Processes and ports").
 * A `coalesce` call joins an identical call that is queued and has not begun: 20 restarts sent at
 * once become the one running plus one more, and each caller gets that restart's true result.
 */
export type CommandQueue = Readonly<{
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  coalesce<T>(key: string, kind: string, fn: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running. */
  busy(): number;
}>;

type Lane = { tail: Promise<unknown>; waiting: { kind: string; promise: Promise<unknown> } | null; depth: number };

export function createCommandQueue(): CommandQueue {
  const lanes = new Map<string, Lane>();

  function enqueue<T>(key: string, fn: () => Promise<T>, kind: string | null): Promise<T> {
    const lane = lanes.get(key) ?? { tail: Promise.resolve(), waiting: null, depth: 0 };
    lanes.set(key, lane);
    if (kind !== null && lane.waiting?.kind === kind) return lane.waiting.promise as Promise<T>;
    lane.depth++;
    const promise: Promise<T> = lane.tail.then(() => {
      // Begun: later calls queue behind it instead of joining.
      if (lane.waiting?.promise === promise) lane.waiting = null;
      return fn();
    });
    lane.waiting = kind !== null ? { kind, promise } : null;
    lane.tail = promise.then(
      () => done(key, lane),
      () => done(key, lane),
    );
    return promise;
  }

  function done(key: string, lane: Lane): void {
    if (--lane.depth === 0 && lanes.get(key) === lane) lanes.delete(key);
  }

  return {
    run: (key, fn) => enqueue(key, fn, null),
    coalesce: (key, kind, fn) => enqueue(key, fn, kind),
    busy: () => lanes.size,
  };
}
