import type { Profile } from '../profiles/schema.js';
import { describePortHolders } from '../ports/describe.js';
import type { Instance } from './types.js';
import { relayLogs, update, type SupervisorContext } from './context.js';
import { expandUrl } from './child-env.js';
import { foreignHolders, readOwnPorts, type OwnPorts } from './own-ports.js';
import { nextProbeDelay, probeHttp, probeTcp, probeTcpHosts, type HttpProbe } from './readiness.js';
import type { Live } from './live.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
type Patch = { -readonly [K in keyof Instance]?: Instance[K] };

/**
 * Watches one run until it is ready: its tree listens on the assigned ports (or on others, with a
 * warning), the TCP/HTTP probe passes and the log pattern was seen. After readyTimeout it says what
 * was missing ("not listening") and keeps watching, slower. Probes back off: a few a second at most.
 */
export async function watchReadiness(ctx: SupervisorContext, live: Live, profile: Profile): Promise<void> {
  const started = live.runStartedAt;
  const deadline = started + profile.readyTimeout * 1000;
  const vars = Object.entries(live.inst.ports);
  const pattern = profile.ready.type === 'log' ? new RegExp(profile.ready.pattern) : null;
  let logMatched = false;
  let timedOut = false;
  let delay: number | null = null;
  let http: HttpProbe | null = null;
  let own: OwnPorts = { ports: [], listeners: [] };
  const running = (): boolean =>
    (live.child !== null || live.origin === 'followed') &&
    ctx.lives.get(live.inst.id) === live &&
    !live.stopping &&
    live.runStartedAt === started;
  // Lines reach the pattern whoever reads them from the log first (the tick, a client, this loop).
  const watch = (lines: readonly string[]): void => {
    if (pattern !== null && lines.some((l) => pattern.test(l))) logMatched = true;
  };
  if (pattern !== null) live.onLines = watch;
  try {
    await loop();
  } finally {
    if (live.onLines === watch) live.onLines = null;
  }

  async function loop(): Promise<void> {
    while (running()) {
      relayLogs(ctx, live);
      own = await readOwnPorts(ctx, live);
      const listening = own.ports;
      if (listening.length > 0) live.listened = true;
      // Each variable is judged on its own: a server that listens on API_PORT took API_PORT.
      const heard = vars.filter(([, p]) => listening.includes(p));
      for (const [, p] of heard) ctx.deps.reservations.release(p, live.inst.id);
      const probePort = heard[0]?.[1] ?? listening[0];
      if (vars.length === 0 || probePort !== undefined) {
        const hosts = probePort === undefined ? [] : await probeTcpHosts(probePort);
        let ready = probePort === undefined || hosts.length > 0;
        if (ready && profile.ready.type === 'http' && probePort !== undefined) {
          http = await probeHttp(probePort, profile.ready.path, profile.ready.status, 2000, hosts[0]);
          ready = http.ok;
        }
        if (ready && pattern) ready = logMatched;
        if (ready && running()) {
          const patch: Patch = { status: 'ready', message: null };
          let urlPorts = live.inst.ports;
          let unheard = vars.filter(([, p]) => !listening.includes(p));
          if (heard.length === 0 && vars.length > 0) {
            // Nothing listens on any assigned port, yet the tree listens elsewhere: the first variable was ignored.
            const [name, port] = vars[0]!;
            patch.actualPorts = listening;
            patch.warnings = [...live.inst.warnings, ignoredWarning(name, port, listening)];
            urlPorts = { ...live.inst.ports, [name]: listening[0]! };
            ctx.deps.reservations.release(port, live.inst.id);
            unheard = unheard.slice(1);
          }
          if (vars.length > 0)
            patch.url = pinUrlHost(expandUrl(profile, { ...live.inst.refs, ...urlPorts }) ?? '', hosts);
          update(ctx, live, patch);
          live.settle();
          // A second port (an HMR port) may open a little later: wait before saying it was ignored.
          const graceUntil = Math.max(deadline, Date.now() + Math.min(LATE_PORT_GRACE_MS, profile.readyTimeout * 1000));
          if (unheard.length > 0) await watchLatePorts(ctx, live, unheard, graceUntil, running);
          else ctx.deps.reservations.releaseOwner(live.inst.id);
          return;
        }
      }
      if (!timedOut && Date.now() > deadline) {
        timedOut = true;
        update(ctx, live, {
          status: 'not listening',
          message: `After ${profile.readyTimeout} s, ${describeMissing(live, profile, own, http, logMatched)}.`,
        });
        live.settle();
      }
      delay = nextProbeDelay(delay);
      await sleep(delay);
    }
  }
}

/** How long a second port may take to open after the server is ready, before Berth says it was ignored. */
export const LATE_PORT_GRACE_MS = 5000;

function ignoredWarning(name: string, port: number, listening: readonly number[]): string {
  return (
    `It listens on ${listening.join(', ')}, not on ${name}=${port}: the server ignored ${name}. ` +
    `Pass the port as an argument (e.g. --arg --port --arg {${name}}).`
  );
}

/** Watches the variables nothing listened on yet; warns once about each one still unheard at `until`. */
async function watchLatePorts(
  ctx: SupervisorContext,
  live: Live,
  unheard: [string, number][],
  until: number,
  running: () => boolean,
): Promise<void> {
  let left = unheard;
  let delay: number | null = null;
  while (left.length > 0 && running() && Date.now() < until) {
    delay = nextProbeDelay(delay);
    await sleep(Math.min(delay, Math.max(0, until - Date.now())));
    const { ports } = await readOwnPorts(ctx, live);
    for (const [, p] of left) if (ports.includes(p)) ctx.deps.reservations.release(p, live.inst.id);
    left = left.filter(([, p]) => !ports.includes(p));
  }
  if (!running()) return;
  ctx.deps.reservations.releaseOwner(live.inst.id);
  if (left.length === 0) return;
  const secs = Math.round((until - live.runStartedAt) / 1000);
  const text = left.map(([n, p]) => `${n}=${p}`).join(', ');
  const names = left.map(([n]) => n).join(', ');
  const warning =
    `Nothing in its process tree listens on ${text} after ${secs} s: the server may ignore ${names}. ` +
    `Pass it as an argument if it takes one (e.g. --arg {${left[0]![0]}}).`;
  update(ctx, live, { warnings: [...live.inst.warnings, warning] });
}

/** What readiness still lacks, concretely: who holds the port, what the HTTP check got, which pattern is missing. */
export function describeMissing(
  live: Live,
  profile: Profile,
  own: OwnPorts,
  http: HttpProbe | null,
  logMatched: boolean,
): string {
  const assigned = Object.values(live.inst.ports);
  if (own.ports.length === 0 && assigned.length > 0) {
    const taken = foreignHolders(live, own.listeners);
    const base = `nothing in its process tree listens on ${assigned.join(', ')}`;
    if (taken.length === 0) return base;
    const byPort = [...new Set(taken.map((l) => l.port))].map((p) =>
      describePortHolders(
        p,
        taken.filter((l) => l.port === p),
      ).replace(/\.$/, ''),
    );
    return `${base}; ${byPort.join('; ')}`;
  }
  if (profile.ready.type === 'http' && http !== null && !http.ok) {
    return http.status === null
      ? `nothing answered HTTP at ${profile.ready.path}`
      : `its readiness check got ${http.status} from ${profile.ready.path}`;
  }
  if (profile.ready.type === 'log' && !logMatched) return `its output did not match /${profile.ready.pattern}/`;
  return 'its readiness check did not pass';
}

/**
 * A URL naming `localhost` points at the one loopback address that answered when the server does not
 * listen on both (issue 8 §9): a browser that resolves localhost to the other one would find nothing.
 */
export function pinUrlHost(url: string, hosts: readonly string[]): string {
  if (hosts.length !== 1) return url;
  const host = hosts[0] === '::1' ? '[::1]' : '127.0.0.1';
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)localhost(?=[:/?#]|$)/i, `$1${host}`);
}

/** Readiness of an adopted instance: its tree listens on its ports and they accept a connection. */
export async function watchAdoptedReadiness(
  ctx: SupervisorContext,
  live: Live,
  profile: Profile | undefined,
): Promise<void> {
  const ports = Object.values(live.inst.ports);
  let delay: number | null = null;
  while (ctx.lives.get(live.inst.id) === live && !live.stopping && live.inst.status !== 'ready') {
    const own = await readOwnPorts(ctx, live);
    const listening = ports.length > 0 ? ports.every((p) => own.ports.includes(p)) : own.ports.length > 0;
    if (listening && (ports[0] === undefined || (await probeTcp(ports[0])))) {
      update(ctx, live, { status: 'ready', message: null });
      live.settle();
    }
    delay = nextProbeDelay(delay);
    await sleep(profile && profile.readyTimeout > 0 ? Math.max(delay, 250) : 1000);
  }
  live.settle(); // stopped or replaced meanwhile: nobody waits for it any longer
}
