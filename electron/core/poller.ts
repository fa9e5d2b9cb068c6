import type { ListenerView } from '../contract/views.js';
import type { Listener, ScanResult } from './ports/types.js';
import type { Scanner } from './ports/scanner.js';
import type { StateStore } from './state/snapshot.js';
import type { NoticeStore } from './state/notices.js';
import type { SettingsStore } from './state/settings-store.js';

export type PollerDeps = Readonly<{
  scanner: Scanner;
  classify: (listeners: readonly Listener[]) => Promise<ListenerView[]>;
  state: StateStore;
  notices: NoticeStore;
  settings: SettingsStore;
  /** An instance is starting or stopping: poll as if a face watched. */
  transitional: () => boolean;
}>;

export type Poller = Readonly<{
  start(): void;
  stop(): void;
  watch(): () => void;
  scanNow(): Promise<void>;
  reschedule(): void;
  instancesChanged(): void;
}>;

/**
 * The engine's polling (DESIGN.md "State"): the scanner polls on its own timer (in its worker) and
 * reports only changes; this sets its interval, short while a face watches and long otherwise, and
 * turns each change into a snapshot. Berth's own commands scan at once.
 */
export function createPoller(deps: PollerDeps): Poller {
  let offChange: (() => void) | null = null;
  let offError: (() => void) | null = null;
  let watchers = 0;
  let lastResult: ScanResult | null = null;
  let reclassify = true;
  let degraded: string | null = null;
  let watchedHolders: Map<number, string> | null = null;
  let chain: Promise<void> = Promise.resolve();

  const interval = (): number => {
    const s = deps.settings.get();
    return (watchers > 0 || deps.transitional() ? s.pollActiveSeconds : s.pollIdleSeconds) * 1000;
  };
  function reschedule(): void {
    if (offChange) deps.scanner.setInterval(interval());
  }

  /** Serialised: two results never classify at once, and the later one always lands last. */
  function handle(result: ScanResult): Promise<void> {
    chain = chain.then(() => apply(result)).catch(() => {});
    return chain;
  }

  async function apply(result: ScanResult): Promise<void> {
    const recovered = degraded !== null;
    degraded = null;
    // The scanner hands back the same object while nothing changed: nothing to do.
    if (result === lastResult && !reclassify && !recovered) return;
    lastResult = result;
    reclassify = false;
    const listeners = await deps.classify(result.listeners);
    deps.state.update({ listeners, scan: { source: result.source, takenAt: result.takenAt } });
    checkWatched(listeners);
  }

  function fail(err: Error): void {
    // The scanner only reports changes: while it fails, ask it again until an answer clears the error.
    if (offChange) setTimeout(() => void scanNow(), interval()).unref();
    if (degraded === err.message) return;
    degraded = err.message;
    deps.state.update({ scan: { ...deps.state.get().scan, degraded: err.message } });
    deps.notices.add({
      level: 'error',
      kind: 'scanner',
      text: err.message.startsWith('Berth cannot read the listening ports')
        ? err.message
        : `Berth cannot read the listening ports: ${err.message}`,
      hint: 'Port lists are unavailable until this is fixed; see host.log.',
    });
  }

  /** A watched port that was free (or Berth's own) and is now held by another process is announced. */
  function checkWatched(listeners: readonly ListenerView[]): void {
    const next = new Map<number, string>();
    for (const port of deps.settings.get().watchedPorts) {
      const held = listeners.find((l) => l.port === port && l.holder !== 'instance');
      if (!held) continue;
      const who = held.pid === null ? 'a process Berth cannot see' : `${held.process} (PID ${held.pid})`;
      next.set(port, who);
      if (watchedHolders !== null && !watchedHolders.has(port)) {
        deps.notices.add({
          level: 'warning',
          kind: 'port-taken',
          port,
          text: `Watched port ${port} was taken by ${who}.`,
          hint: `Free it: berth free ${port}`,
        });
      }
    }
    watchedHolders = next;
  }

  async function scanNow(): Promise<void> {
    try {
      await handle(await deps.scanner.scanNow());
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  return {
    start() {
      deps.scanner.setInterval(interval());
      offChange = deps.scanner.onChange((result) => void handle(result));
      offError = deps.scanner.onError(fail);
      void scanNow();
    },
    stop() {
      offChange?.();
      offError?.();
      offChange = offError = null;
    },
    watch() {
      watchers++;
      reschedule();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        watchers--;
        reschedule();
      };
    },
    scanNow,
    reschedule,
    instancesChanged() {
      reclassify = true;
      reschedule();
      const latest = deps.scanner.latest();
      if (latest) void handle(latest);
    },
  };
}
