import type { ListenerView } from '../contract/views.js';
import type { Listener, ScanResult } from './ports/types.js';
import type { StateStore } from './state/snapshot.js';
import type { NoticeStore } from './state/notices.js';
import type { SettingsStore } from './state/settings-store.js';

export type PollerDeps = Readonly<{
  scan: () => Promise<ScanResult>;
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
 * The engine's poll timer (DESIGN.md "State"): short while a face watches, long otherwise; Berth's own
 * commands scan at once. A poll that finds the same listeners changes nothing (no new snapshot).
 */
export function createPoller(deps: PollerDeps): Poller {
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let watchers = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let lastKey = '';
  let reclassify = true;
  let degraded: string | null = null;
  let watchedHolders = new Map<number, string>();

  const interval = (): number => {
    const s = deps.settings.get();
    return (watchers > 0 || deps.transitional() ? s.pollActiveSeconds : s.pollIdleSeconds) * 1000;
  };
  function schedule(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), interval());
    // The host's sockets keep it alive; the poll timer alone never does.
    timer.unref();
  }

  async function pollOnce(): Promise<void> {
    let result: ScanResult;
    try {
      result = await deps.scan();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (degraded !== message) {
        degraded = message;
        const prev = deps.state.get().scan;
        deps.state.update({ scan: { ...prev, degraded: message } });
        deps.notices.add({ level: 'error', kind: 'scanner', text: `Berth cannot read the listening ports: ${message}`, hint: 'Port lists are unavailable until this is fixed; see host.log.' });
      }
      return;
    }
    const key = listenerKey(result.listeners);
    const recovered = degraded !== null;
    degraded = null;
    if (key === lastKey && !reclassify && !recovered) return;
    lastKey = key;
    reclassify = false;
    const listeners = await deps.classify(result.listeners);
    deps.state.update({ listeners, scan: { source: result.source, takenAt: result.takenAt } });
    checkWatched(listeners);
  }

  /** A watched port that was free (or Berth's own) and is now held by another process is announced. */
  function checkWatched(listeners: readonly ListenerView[]): void {
    const next = new Map<number, string>();
    for (const port of deps.settings.get().watchedPorts) {
      const held = listeners.find((l) => l.port === port && l.holder !== 'instance');
      if (!held) continue;
      const who = held.pid === null ? 'a process Berth cannot see' : `${held.process} (PID ${held.pid})`;
      next.set(port, who);
      if (!watchedHolders.has(port) && lastKeyWasSeen) {
        deps.notices.add({ level: 'warning', kind: 'port-taken', port, text: `Watched port ${port} was taken by ${who}.`, hint: `Free it: berth free ${port}` });
      }
    }
    watchedHolders = next;
    lastKeyWasSeen = true;
  }
  let lastKeyWasSeen = false;

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pollOnce();
        } while (again);
      } finally {
        running = null;
        schedule();
      }
    })();
    return running;
  }

  return {
    start() {
      stopped = false;
      void run();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    watch() {
      watchers++;
      schedule();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        watchers--;
        schedule();
      };
    },
    scanNow: () => run(),
    reschedule: schedule,
    instancesChanged() {
      reclassify = true;
      schedule();
    },
  };
}

function listenerKey(listeners: readonly Listener[]): string {
  return listeners.map((l) => `${l.port}|${l.address}|${l.pid ?? ''}|${l.holders.length}`).join(',');
}
