import { createCliApi } from './cli-api.js';
import { resolveDataDir } from '../core/paths.js';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, UsageError } from './exit.js';
import type { CliContext } from './context.js';
import { runCheck, runFind, runFree, runPorts, runWho } from './ports-commands.js';
import { HELP } from './help.js';
import { runServe } from './serve-command.js';
import { runImport } from './import-command.js';
import { runProfile } from './profile-commands.js';
import { runRestart, runStart, runStatus, runStop } from './instance-commands.js';
import { runLogs } from './logs-command.js';
import { runNotices } from './notices-command.js';
import { runSettings } from './settings-command.js';
import { unchecked } from '../contract/api.js';

type Command = (ctx: CliContext, argv: readonly string[]) => Promise<number>;

const commands: Record<string, Command> = {
  ports: runPorts,
  who: runWho,
  check: runCheck,
  find: runFind,
  free: runFree,
  serve: runServe,
  profile: runProfile,
  start: runStart,
  stop: runStop,
  restart: runRestart,
  status: runStatus,
  logs: runLogs,
  import: runImport,
  notices: runNotices,
  settings: runSettings,
  open: (ctx, argv) => import('./open-command.js').then((m) => m.runOpen(ctx, argv)),
};

/** Entry point of the `berth` command. Never throws: every failure is one line and an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await run(argv);
}

export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = (t: string): void => void process.stdout.write(`${t}\n`);
  const err = (t: string): void => void process.stderr.write(`${t}\n`);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(HELP);
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    out('0.1.0');
    return EXIT_OK;
  }
  const command = commands[name];
  if (!command) {
    err(`berth: unknown command '${name}'. Run 'berth --help' for the list.`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(HELP);
    return EXIT_OK;
  }
  const cli = createCliApi(resolveDataDir(), err);
  const ctx: CliContext = { api: cli.api, raw: unchecked(cli.api), out, err, isTTY: process.stdin.isTTY === true };
  try {
    const code = await command(ctx, rest);
    // What the host wants the user to know is said once, on stderr (never into --json stdout).
    if (name !== 'notices') for (const n of await cli.takeNewNotices()) err(`berth: ${n.level}: ${n.text}${n.hint ? `\n  ${n.hint}` : ''}`);
    return code;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`berth ${name}: ${e.message}. Run 'berth --help' for usage.`);
      return EXIT_BAD_INPUT;
    }
    err(`berth ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_FAILED;
  } finally {
    await cli.close();
  }
}
