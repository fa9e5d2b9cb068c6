import { createCliApi } from './cli-api.js';
import { resolveDataDir } from '../core/paths.js';
import { EXIT_BAD_INPUT, EXIT_FAILED, UsageError } from './exit.js';
import type { CliContext } from './context.js';
import { unchecked } from '../contract/client.js';

export type Command = (ctx: CliContext, argv: readonly string[]) => Promise<number>;

type Run = Readonly<{
  name: string;
  command: Command;
  argv: readonly string[];
  out: (t: string) => void;
  err: (t: string) => void;
}>;

/** Runs one command against the CLI's transport; what the host wants the user to know follows on stderr. */
export async function runCommand({ name, command, argv, out, err }: Run): Promise<number> {
  const cli = createCliApi(resolveDataDir(), err);
  const json = argv.includes('--json');
  const ctx: CliContext = {
    api: cli.api,
    raw: unchecked(cli.api),
    out,
    err,
    isTTY: process.stdin.isTTY === true,
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    color: process.stdout.isTTY === true && !process.env.NO_COLOR && !json,
    width: process.stdout.isTTY === true ? process.stdout.columns || 80 : null,
  };
  try {
    const code = await command(ctx, argv);
    // Said once, on stderr (never into --json stdout).
    if (name !== 'notices')
      for (const n of await cli.takeNewNotices()) err(`berth: ${n.level}: ${n.text}${n.hint ? `\n  ${n.hint}` : ''}`);
    return code;
  } catch (e) {
    // With --json every error is the documented `{"error": {code, message, hint?}}` on stdout.
    if (e instanceof UsageError) {
      const msg = e.message.replace(/[.]$/, '');
      const hint = `Run 'berth ${name} --help' for usage.`;
      if (json) out(JSON.stringify({ error: { code: 'bad-input', message: `${msg}`, hint } }, null, 2));
      else err(`berth ${name}: ${msg}${msg.endsWith('?') ? '' : '.'} ${hint}`);
      return EXIT_BAD_INPUT;
    }
    const message = e instanceof Error ? e.message : String(e);
    if (json) out(JSON.stringify({ error: { code: 'failed', message } }, null, 2));
    else err(`berth ${name}: ${message}`);
    return EXIT_FAILED;
  } finally {
    await cli.close();
  }
}
