import { startHost } from '../host/host.js';
import { resolveDataDir } from '../core/paths.js';
import { parseCommandArgs } from './args.js';
import type { CliContext } from './context.js';
import { EXIT_FAILED, EXIT_OK } from './exit.js';

/** `berth serve`: a headless host in the foreground until SIGINT/SIGTERM. Instances keep running after it. */
export async function runServe(ctx: CliContext, argv: readonly string[]): Promise<number> {
  parseCommandArgs(argv, {}, 0);
  const dataDir = resolveDataDir();
  const started = await startHost({ dataDir });
  if (!started.ok) {
    ctx.err(`berth serve: ${started.message}`);
    return EXIT_FAILED;
  }
  const { host } = started;
  ctx.out(`Berth host running (PID ${process.pid}); data dir ${dataDir}; control socket ${host.socketPath}.`);
  for (const n of host.engine.state.get().notices) ctx.err(`berth: ${n}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  ctx.out('Berth host stopped; servers it launched keep running and are adopted by the next host.');
  return EXIT_OK;
}
