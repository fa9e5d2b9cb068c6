import { createApi, isCommandName, type BerthApi, type Transport } from '../contract/client.js';
import type { EventName, EventPayloads } from '../contract/events.js';
import type { CommandListener } from '../core/engine.js';
import { startHost, type Host } from '../host/host.js';
import { connectControl, type ControlClient } from '../host/control-client.js';
import { controlSocketPath } from '../host/socket-path.js';

/**
 * The shell's one way to the engine (issue 12 §1): host it in this process when no host holds the data
 * dir (same code as `berth serve`; the scanner runs in its worker), else attach to the running host over
 * the control socket and take over as host when that one goes away. Faces get one stable transport:
 * calls go to whichever side is current, and subscriptions move with it.
 */
export type HostLink = Readonly<{
  transport: Transport;
  api: BerthApi;
  hosting(): boolean;
  /**
   * A face is watching (visible window, open menu): short polling while hosting; an attached host polls for its
   * subscribers.
   */
  watch(): () => void;
  /**
   * Each command the linked engine ran, with its result: every face's (this shell's, the CLI's, a browser's)
   * while hosting (`engine.onCommand`), only this shell's own calls while attached. Each command once.
   */
  onCommand(listener: CommandListener): () => void;
  /** Called after each switch (attached -> hosting, or to a new host). */
  onSwitch(listener: (hosting: boolean) => void): () => void;
  close(options: Readonly<{ closeHost: boolean; stopInstances: boolean }>): Promise<void>;
}>;

type Side = { kind: 'host'; host: Host } | { kind: 'client'; client: ControlClient };
type Sub = { event: EventName; listener: (p: never) => void; off: () => void };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function connectSide(dataDir: string, log: (line: string) => void): Promise<Side> {
  for (let attempt = 0; ; attempt++) {
    const started = await startHost({ dataDir });
    if (started.ok) return { kind: 'host', host: started.host };
    try {
      const client = await connectControl(controlSocketPath(dataDir));
      log(`Attached to the Berth host (PID ${started.pid}).`);
      return { kind: 'client', client };
    } catch (err) {
      // The other host holds the lock but its socket is not up yet (starting) or already gone (ending).
      if (attempt >= 50) throw err;
      await sleep(Math.min(2000, 100 * (attempt + 1)));
    }
  }
}

export async function linkHost(dataDir: string, log: (line: string) => void = () => {}): Promise<HostLink> {
  let side = await connectSide(dataDir, log);
  let closed = false;
  const subs = new Set<Sub>();
  const switchListeners = new Set<(hosting: boolean) => void>();
  const commandListeners = new Set<CommandListener>();
  const report: CommandListener = (name, request, result) => {
    for (const l of [...commandListeners]) {
      try {
        l(name, request, result);
      } catch {
        // A failing listener must not turn a command's Result into a thrown error.
      }
    }
  };
  // Hosting: the engine reports every face's commands, this shell's included (they go through its dispatcher).
  let offEngineCommands: () => void = () => {};
  const followCommands = (s: Side): void => {
    offEngineCommands();
    offEngineCommands = s.kind === 'host' ? s.host.engine.onCommand(report) : () => {};
  };
  followCommands(side);
  const sideTransport = (s: Side): Transport =>
    s.kind === 'host' ? { call: s.host.engine.dispatch, subscribe: s.host.engine.subscribe } : s.client.transport;
  const attach = (sub: Sub): void => {
    sub.off = sideTransport(side).subscribe(sub.event, sub.listener as (p: EventPayloads[EventName]) => void);
  };

  const watchClose = (s: Side): void => {
    if (s.kind !== 'client') return;
    s.client.onClose(() => {
      if (closed || side !== s) return;
      log('The Berth host went away; taking over.');
      void (async () => {
        const next = await connectSide(dataDir, log);
        if (closed)
          return void (next.kind === 'host' ? next.host.close({ stopInstances: false }) : next.client.close());
        side = next;
        followCommands(next);
        for (const sub of subs) attach(sub);
        watchClose(next);
        for (const l of switchListeners) l(next.kind === 'host');
      })();
    });
  };
  watchClose(side);

  const transport: Transport = {
    async call(name, request) {
      const s = side;
      const result = await sideTransport(s).call(name, request);
      // Attached: the other host's engine reports to its own process; this shell hears its own calls here.
      if (s.kind === 'client' && isCommandName(name)) report(name, request, result);
      return result;
    },
    subscribe(event, listener) {
      const sub: Sub = { event, listener: listener as (p: never) => void, off: () => {} };
      subs.add(sub);
      attach(sub);
      return () => {
        subs.delete(sub);
        sub.off();
      };
    },
  };
  return {
    transport,
    api: createApi(transport),
    hosting: () => side.kind === 'host',
    watch: () => (side.kind === 'host' ? side.host.engine.watch() : () => {}),
    onCommand(listener) {
      commandListeners.add(listener);
      return () => void commandListeners.delete(listener);
    },
    onSwitch(listener) {
      switchListeners.add(listener);
      return () => void switchListeners.delete(listener);
    },
    async close({ closeHost, stopInstances }) {
      closed = true;
      offEngineCommands();
      commandListeners.clear();
      for (const sub of subs) sub.off();
      subs.clear();
      if (side.kind === 'client') side.client.close();
      else if (closeHost) await side.host.close({ stopInstances });
    },
  };
}
