import {
  createApi,
  createDispatcher,
  type BerthApi,
  type Dispatch,
  type Handlers,
  type PortHandlers,
  type Transport,
} from '../contract/api.js';
import type { EventName, EventPayloads } from '../contract/events.js';
import type { ListenerView, ScanInfo } from '../contract/views.js';
import { createScanner, type Scanner } from './ports/scanner.js';
import { createReservations } from './ports/reservations.js';
import { createHolderClassifier } from './free/holders.js';
import { openProfileStore, type OpenConf, type ProfileStore } from './profiles/store.js';
import { createSupervisor, type Supervisor } from './supervisor/supervisor.js';
import { isActive, toInstanceView, type InstanceStatus } from './supervisor/types.js';
import type { Profile } from './profiles/schema.js';
import { createStateStore, type StateStore } from './state/snapshot.js';
import { openNoticeStore, type NoticeStore } from './state/notices.js';
import { openSettingsStore, type SettingsStore } from './state/settings-store.js';
import { createPortHandlers } from './handlers/ports.js';
import { createProfileHandlers } from './handlers/profiles.js';
import { createInstanceHandlers } from './handlers/instances.js';
import { createStateHandlers } from './handlers/state.js';
import { createNoticeHandlers } from './handlers/notices.js';
import { createSettingsHandlers } from './handlers/settings.js';
import { createEventHub } from './event-hub.js';
import { createCommandHub, type CommandListener } from './command-hub.js';
import { createPoller } from './poller.js';

export type EngineOptions = Readonly<{
  dataDir: string;
  openConf?: OpenConf;
  /** Multiplies restart backoff delays (tests use a small value). */
  backoffScale?: number;
  scanner?: Scanner;
  respawnWindowMs?: number;
}>;

/** Everything a host owns, composed once: the Electron shell and `berth serve` run the same engine. */
export type Engine = Readonly<{
  api: BerthApi;
  /** The one dispatcher every face ends in (control socket, HTTP, IPC, in-process). */
  dispatch: Dispatch;
  /** Pushed events; `state` starts with the current snapshot. */
  subscribe: Transport['subscribe'];
  /** In-process only, not a contract event: each command the dispatcher ran, from any face (command-hub.ts). */
  onCommand(listener: CommandListener): () => void;
  state: StateStore;
  supervisor: Supervisor;
  profiles: ProfileStore;
  settings: SettingsStore;
  notices: NoticeStore;
  /** A face is watching (visible window, open menu, a state subscriber): short polling until released. */
  watch(): () => void;
  /** Scans now (Berth's own commands call it) and resolves when the snapshot reflects it. */
  scanNow(): Promise<void>;
  /** Stops the poll timer and the scanner; with stopInstances, stops every running server first. */
  close(options?: Readonly<{ stopInstances?: boolean }>): Promise<void>;
}>;

/** What a start-up opened so far: closed, last first, when a later step throws. */
type Opened = (() => unknown)[];

/**
 * Composes the engine. When a step throws (a profiles file of a newer Berth, an unwritable data dir),
 * what the earlier steps opened (the scanner's worker, the supervisor's timer, the file watcher) is
 * closed before the error goes on: a host that could not start must be able to exit.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const opened: Opened = [];
  try {
    return await composeEngine(options, opened);
  } catch (err) {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch {
        // Best effort: the start-up error is the one to report.
      }
    }
    throw err;
  }
}

async function composeEngine(options: EngineOptions, opened: Opened): Promise<Engine> {
  const scanner = options.scanner ?? createScanner({ mode: 'worker' });
  opened.push(() => scanner.close());
  const reservations = createReservations();
  const classifier = createHolderClassifier();
  const hub = createEventHub();
  opened.push(() => hub.close());
  const notices = openNoticeStore(options.dataDir);
  const settings = openSettingsStore(options.dataDir, (n) => notices.add(n));
  const profiles = await openProfileStore(options.dataDir, {
    notify: (n) => notices.add(n),
    ...(options.openConf ? { open: options.openConf } : {}),
  });
  opened.push(() => profiles.close());
  const scan = () => scanner.scan();
  const emptyScan: ScanInfo = { source: 'none', takenAt: 0 };
  const state = createStateStore({
    listeners: [],
    scan: emptyScan,
    instances: [],
    profiles: profiles.list(),
    notices: notices.list(),
    settings: settings.get(),
  });

  let poller: ReturnType<typeof createPoller> | null = null;
  const supervisor = createSupervisor({
    dataDir: options.dataDir,
    scan,
    reservations,
    getProfile: (name) => profiles.get(name),
    listProfiles: () => profiles.list(),
    rememberPort: (name, variable, port) => {
      const p = profiles.get(name);
      if (!p) return;
      const next = { ...p, ports: p.ports.map((s) => (s.name === variable ? { ...s, sticky: port } : s)) };
      profiles.replaceAll(profiles.list().map((x) => (x.name === name ? next : x)));
    },
    onChange: () => {
      state.update({ instances: supervisor.list().map(toInstanceView) });
      poller?.instancesChanged();
    },
    onLog: (id, lines) => {
      const inst = supervisor.get(id);
      hub.emit('log', {
        id,
        profile: inst?.profile ?? '',
        lines,
        cursor: supervisor.logs(id, Number.MAX_SAFE_INTEGER)?.cursor ?? 0,
      });
    },
    onNotice: (n) => notices.add(n),
    ...(options.backoffScale !== undefined ? { backoffScale: options.backoffScale } : {}),
  });
  opened.push(() => supervisor.close());

  // Each store reports its own changes; the snapshot is wired to them once, here.
  profiles.onChange((list) => state.update({ profiles: list }));
  notices.onChange((list) => state.update({ notices: list }));
  notices.onAdded((n) => hub.emit('notice', n));
  settings.onChange((s) => {
    state.update({ settings: s });
    poller?.reschedule();
  });
  hub.bindState(state);

  const context = () => ({
    profiles: profiles.list(),
    instances: supervisor
      .list()
      .map((i) => ({ id: i.id, profile: i.profile, pid: i.pid, pgid: i.pgid, active: isActive(i) })),
  });
  poller = createPoller({
    scanner,
    classify: (listeners) => classifier.classify(listeners, context()),
    state,
    notices,
    settings,
    transitional: () => supervisor.list().some((i) => i.status === 'starting' || i.status === 'stopping'),
  });
  opened.push(() => poller?.stop());
  const changed = (): void => void poller?.scanNow();

  const adoptNotices = await supervisor.adopt();
  for (const text of adoptNotices) notices.add({ level: 'warning', kind: 'instance-records', text });
  let closed = false;
  /**
   * Nobody watches an autostart: a launch that ends failed, crashed or not listening is a notice
   * (issue 7 §4). Not awaited by createEngine: the host answers while its servers start.
   */
  const autostart = async (p: Profile): Promise<void> => {
    let text: string | null = null;
    let instance: string | undefined;
    try {
      const started = await supervisor.start(p);
      const settled = await supervisor.waitSettled(started.id, p.readyTimeout * 1000 + 2000);
      const how = settled ? AUTOSTART_ENDS[settled.status] : undefined;
      if (settled && how) {
        text = `Autostart of ${p.name} ${how}: ${settled.message ?? settled.status}`;
        instance = settled.id;
      }
    } catch (err) {
      text = `Autostart of ${p.name} failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (text !== null && !closed)
      notices.add({ level: 'error', kind: 'autostart', profile: p.name, ...(instance ? { instance } : {}), text });
  };
  for (const p of profiles.list().filter((x) => x.autostart)) {
    if (supervisor.list().some((i) => i.profile === p.name && isActive(i))) continue;
    void autostart(p);
  }

  const handlers: Handlers = {
    ...createPortHandlers({
      scan,
      reservations,
      classifier,
      context,
      changed,
      stopInstances: async (ids) => (await Promise.all(ids.map((id) => supervisor.stop(id)))).map(toInstanceView),
      defaultStopTimeout: () => settings.get().stopTimeout,
      ...(options.respawnWindowMs !== undefined ? { respawnWindowMs: options.respawnWindowMs } : {}),
    }),
    ...createProfileHandlers(profiles, (n) => notices.add(n), {
      running: (name) =>
        supervisor
          .list()
          .filter((i) => i.profile === name && isActive(i))
          .map(toInstanceView),
      stopProfile: async (name) => (await supervisor.stopProfile(name)).map(toInstanceView),
    }),
    ...createInstanceHandlers({ profiles, supervisor, changed }),
    ...createStateHandlers(state),
    ...createNoticeHandlers(notices),
    ...createSettingsHandlers(settings),
  };
  const commands = createCommandHub(createDispatcher(handlers));
  const dispatch = commands.dispatch;
  const subscribe: Transport['subscribe'] = (event, listener) => hub.subscribe(event, listener);
  poller.start();

  return {
    api: createApi({ call: dispatch, subscribe }),
    dispatch,
    subscribe,
    onCommand: commands.onCommand,
    state,
    supervisor,
    profiles,
    settings,
    notices,
    watch: () => poller!.watch(),
    scanNow: () => poller!.scanNow(),
    async close(opts = {}) {
      closed = true;
      poller?.stop();
      if (opts.stopInstances)
        await Promise.all(
          supervisor
            .list()
            .filter(isActive)
            .map((i) => supervisor.stop(i.id)),
        );
      supervisor.close();
      profiles.close();
      hub.close();
      commands.close();
      await scanner.close();
    },
  };
}

/** How an autostarted instance that settled in these states ended, for its notice. */
const AUTOSTART_ENDS: Partial<Record<InstanceStatus, string>> = {
  failed: 'failed',
  crashed: 'crashed',
  'not listening': 'is not listening',
};

/** The data-dir-free subset the CLI's port commands use when no host runs. */
export type PortEngine = Readonly<{
  dispatch: Dispatch;
  handlers: PortHandlers;
  scanner: Scanner;
  close(): Promise<void>;
}>;

export function createPortEngine(options: Readonly<{ scanner?: Scanner; respawnWindowMs?: number }> = {}): PortEngine {
  const scanner = options.scanner ?? createScanner({ mode: 'inline' });
  const handlers = createPortHandlers({
    scan: () => scanner.scan(),
    reservations: createReservations(),
    classifier: createHolderClassifier(),
    context: () => ({ profiles: [], instances: [], trustMarkers: true }),
    ...(options.respawnWindowMs !== undefined ? { respawnWindowMs: options.respawnWindowMs } : {}),
  });
  return { dispatch: createDispatcher(handlers), handlers, scanner, close: () => scanner.close() };
}

export type { CommandListener, EventName, EventPayloads, ListenerView };
