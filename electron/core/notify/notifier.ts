import type { Snapshot } from '../../contract/views.js';
import type { CommandListener } from '../command-hub.js';
import { deriveCommandEvents, deriveEngineEvents, type EngineEvent } from './events.js';
import {
  decideNotifications,
  flushHeld,
  heldDueAt,
  INITIAL_NOTIFY_STATE,
  type BerthNotification,
  type Decision,
  type NotifyState,
} from './decide.js';

/** Runs `run` after `ms`; returns a cancel. The default is an unref'd setTimeout: it never keeps a host alive. */
export type Schedule = (run: () => void, ms: number) => () => void;

/** What a notifier can follow: an engine (structurally), or anything pushing snapshots and command results. */
export type NotifySource = Readonly<{
  subscribe(event: 'state', listener: (s: Snapshot) => void): () => void;
  onCommand(listener: CommandListener): () => void;
}>;

export type NotifierOptions = Readonly<{
  now: () => number;
  /** Whether notifications are on; defaults to the `notifications` setting of the latest snapshot. */
  enabled?: () => boolean;
  /** Shows (or logs) one decided notification. */
  emit: (n: BerthNotification) => void;
  schedule?: Schedule;
}>;

export type Notifier = Readonly<{
  /** A pushed snapshot: events since the previous one (an older or equal rev is ignored). */
  observe(snapshot: Snapshot): void;
  /** A command some face ran, with its result (a strict launch refused, a freed port taken again). */
  command: CommandListener;
  /** Feeds the source's snapshots and commands; returns a function that stops following. */
  follow(source: NotifySource): () => void;
  latest(): Snapshot | null;
  /** Another host took over: its revisions start again, and what it shows first is no news. */
  reset(): void;
  /** Cancels the flush timer; nothing is emitted afterwards. */
  close(): void;
}>;

const unrefTimer: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * The one place that turns engine snapshots and command results into notifications (issue 12 §3), for the
 * tray app and `berth serve` alike. The decisions stay pure (events.ts, decide.ts); this keeps their state
 * and the one timer that shows a burst's held events ("… And 47 more.") once the burst window ends, even
 * when no further event comes.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const schedule = options.schedule ?? unrefTimer;
  let last: Snapshot | null = null;
  let state: NotifyState = INITIAL_NOTIFY_STATE;
  let cancel: (() => void) | null = null;
  let closed = false;
  const enabled = (): boolean => (options.enabled ? options.enabled() : (last?.settings.notifications ?? true));

  const apply = (d: Decision): void => {
    state = d.nextState;
    for (const n of d.notifications) options.emit(n);
    arm();
  };
  /** One timer at most, for when the held notifications are due. */
  function arm(): void {
    cancel?.();
    cancel = null;
    const due = heldDueAt(state);
    if (due === null || closed) return;
    cancel = schedule(
      () => {
        cancel = null;
        if (!closed) apply(flushHeld(options.now(), state, enabled()));
      },
      Math.max(0, due - options.now()),
    );
  }
  const decide = (events: readonly EngineEvent[]): void => {
    if (events.length === 0 || closed) return;
    apply(decideNotifications(events, options.now(), state, enabled()));
  };

  const observe = (snapshot: Snapshot): void => {
    if (last !== null && snapshot.rev <= last.rev) return;
    const events = deriveEngineEvents(last, snapshot);
    last = snapshot;
    decide(events);
  };
  const command: CommandListener = (name, request, result) => decide(deriveCommandEvents(name, request, result, last));
  return {
    observe,
    command,
    follow(source) {
      const offState = source.subscribe('state', observe);
      const offCommand = source.onCommand(command);
      return () => {
        offState();
        offCommand();
      };
    },
    latest: () => last,
    reset: () => void (last = null),
    close() {
      closed = true;
      cancel?.();
      cancel = null;
    },
  };
}
