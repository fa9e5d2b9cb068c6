import { resolveDataDir } from '../core/paths.js';
import { connectOrStartHost } from '../host/ensure-host.js';
import { dashboardUrl, readHttpInfo } from '../host/http-info.js';
import { isActive } from '../contract/views.js';
import { parseCommandArgs, toNumberArg } from './args.js';
import { printJson, reportError, type CliContext } from './context.js';
import { EXIT_FAILED, EXIT_OK } from './exit.js';
import { openInBrowser } from './open-browser.js';

/**
 * `berth open`: the running host's dashboard (a background host is started when none runs).
 * `berth open <profile|instance-id|port>`: that server's URL. Where no browser can be opened the
 * URL is printed instead, so the command always gives the user a way in.
 */
export async function runOpen(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { print: { type: 'boolean' } }, 1);
  const json = values.json === true;
  const target = positionals[0];
  const found = target === undefined ? await findDashboard(ctx) : await findServer(ctx, target, json);
  if (typeof found === 'number') return found;
  const result =
    values.print === true ? ({ opened: false, reason: '--print' } as const) : await openInBrowser(found.url);
  if (json)
    return printJson(ctx, {
      url: found.url,
      opened: result.opened,
      ...(result.opened ? {} : { reason: result.reason }),
    });
  if (result.opened) ctx.out(`Opened ${found.label} in the default browser.`);
  else if (values.print === true) ctx.out(found.url);
  else ctx.out(`Could not open a browser (${result.reason}). Open this URL: ${found.url}`);
  return EXIT_OK;
}

type Found = Readonly<{ url: string; label: string }>;

async function findDashboard(ctx: CliContext): Promise<Found | number> {
  const dataDir = resolveDataDir();
  const client = await connectOrStartHost(dataDir, ctx.err);
  client.close();
  const info = readHttpInfo(dataDir);
  if (!info) {
    ctx.err(
      `berth open: the running host serves no dashboard (no ${dataDir}/http.json); restart it with 'berth serve'.`,
    );
    return EXIT_FAILED;
  }
  // Said without the secret; the full URL is printed only when no browser could take it.
  return { url: dashboardUrl(info), label: `the Berth dashboard (${info.url})` };
}

async function findServer(ctx: CliContext, target: string, json: boolean): Promise<Found | number> {
  const port = toNumberArg(target);
  if (typeof port === 'number') {
    const who = await ctx.raw['ports.who']({ port });
    if (!who.ok) return reportError(ctx, who, json);
    if (who.value.listeners.length === 0) {
      ctx.err(`berth open: nothing listens on port ${port}.`);
      return EXIT_FAILED;
    }
    const url = `http://localhost:${port}/`;
    return { url, label: url };
  }
  const list = await ctx.api['instances.list']({});
  if (!list.ok) return reportError(ctx, list, json);
  const running = list.value.instances.filter((i) => isActive(i) && (i.profile === target || i.id === target));
  const inst = running.find((i) => i.url !== null || Object.keys(i.ports).length > 0);
  if (!inst) {
    if (running.length > 0) ctx.err(`berth open: ${target} runs without a port or URL to open.`);
    else {
      const known = await ctx.api['profiles.get']({ name: target });
      ctx.err(
        known.ok
          ? `berth open: no running instance of '${target}'. Start it with 'berth start ${target}'.`
          : `berth open: no profile, instance or port '${target}'. See 'berth profile ls' and 'berth status'.`,
      );
    }
    return EXIT_FAILED;
  }
  const url = inst.url ?? `http://localhost:${Object.values(inst.ports)[0]}/`;
  return { url, label: `${inst.profile} (${url})` };
}
