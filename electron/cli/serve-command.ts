import { startHost } from '../host/host.js';
import { logNotifications } from '../host/notify-log.js';
import { resolveDataDir } from '../core/paths.js';
import { capMallocArenas, createMallocTrimmer } from '../core/processes/linux-libc.js';
import { parseCommandArgs } from './args.js';
import type { CliContext } from './context.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from './exit.js';

/**
 * `berth serve`: a headless host in the foreground until SIGINT/SIGTERM. On a signal it closes at
 * once: servers keep running for the next host to adopt, or are stopped when the onQuit setting says so.
 */
export async function runServe(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { 'http-port': { type: 'string' } }, 0);
  const httpPort = parseHttpPort(values['http-port']);
  const dataDir = resolveDataDir();
  capMallocArenas(); // before the host starts its threads
  let started: Awaited<ReturnType<typeof startHost>>;
  try {
    started = await startHost({ dataDir, ...(httpPort !== undefined ? { httpPort } : {}) });
  } catch (err) {
    // One line, no stack: in host.log it is the last line, which a CLI that started this host quotes.
    const why = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
    ctx.err(`berth serve: the Berth host could not start for ${dataDir}: ${why}`);
    return EXIT_FAILED;
  }
  if (!started.ok) {
    ctx.err(`berth serve: ${started.message}`);
    return EXIT_FAILED;
  }
  const { host } = started;
  ctx.out(`Berth host running (PID ${process.pid}); data dir ${dataDir}; control socket ${host.socketPath}.`);
  // A background host's stdout is host.log: the secret stays out of logs (it is in http.json, 0600).
  if (process.stdout.isTTY) ctx.out(`Dashboard: ${host.dashboardUrl}`);
  else ctx.out(`Dashboard: ${host.http.url} (open it with 'berth open'; the secret is in ${dataDir}/http.json)`);
  for (const n of host.engine.notices.list()) ctx.err(`berth: ${n.level}: ${n.text}`);
  host.engine.notices.onAdded((n) => ctx.err(`berth: ${n.level}: ${n.text}`));
  const stopLogging = logNotifications(host.engine, (n) => ctx.out(`notify: ${n.text}`));
  // Start-up and each change of the snapshot (a listener, an instance) leave freed memory behind.
  const trimmer = createMallocTrimmer(TRIM_AFTER_MS);
  trimmer.activity();
  const stopTrimming = host.engine.state.onChange(() => trimmer.activity());
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGHUP', resolve);
  });
  const stopping = host.engine.settings.get().onQuit === 'stop';
  stopLogging();
  stopTrimming();
  trimmer.close();
  await host.close();
  ctx.out(
    stopping
      ? 'Berth host stopped, and the servers it ran.'
      : 'Berth host stopped; servers it launched keep running and are adopted by the next host.',
  );
  // Handles of servers this host launched must not keep it alive: the servers run on without it.
  setImmediate(() => process.exit(EXIT_OK));
  return EXIT_OK;
}

/** How long after start-up or a change freed memory is returned to the system. */
const TRIM_AFTER_MS = 10_000;

function parseHttpPort(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`--http-port: must be a port from 1 to 65535, got ${JSON.stringify(value)}`);
  return n;
}
