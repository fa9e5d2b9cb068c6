import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './exit.js';
import type { Command } from './session.js';

/**
 * Each command's module is loaded only when that command runs, and help texts and suggestions only
 * when they are shown: `berth --version` loads this file and exit.ts, `berth --help` adds help.ts;
 * neither loads zod, the contract or the engine (issue 9 §7).
 */
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  ports: () => import('./ports-commands.js').then((m) => m.runPorts),
  who: () => import('./ports-commands.js').then((m) => m.runWho),
  check: () => import('./ports-commands.js').then((m) => m.runCheck),
  find: () => import('./ports-commands.js').then((m) => m.runFind),
  free: () => import('./free-command.js').then((m) => m.runFree),
  serve: () => import('./serve-command.js').then((m) => m.runServe),
  profile: () => import('./profile-commands.js').then((m) => m.runProfile),
  start: () => import('./instance-commands.js').then((m) => m.runStart),
  stop: () => import('./instance-commands.js').then((m) => m.runStop),
  restart: () => import('./instance-commands.js').then((m) => m.runRestart),
  status: () => import('./instance-commands.js').then((m) => m.runStatus),
  ls: () => import('./instance-commands.js').then((m) => m.runStatus),
  dismiss: () => import('./instance-commands.js').then((m) => m.runDismiss),
  logs: () => import('./logs-command.js').then((m) => m.runLogs),
  import: () => import('./import-command.js').then((m) => m.runImport),
  notices: () => import('./notices-command.js').then((m) => m.runNotices),
  settings: () => import('./settings-command.js').then((m) => m.runSettings),
  open: () => import('./open-command.js').then((m) => m.runOpen),
  host: () => import('./host-command.js').then((m) => m.runHost),
};

export const commandNames: readonly string[] = Object.keys(commands);

/** Entry point of the `berth` command. Never throws: every failure is one line and an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  endQuietlyOnClosedPipe();
  process.exitCode = await run(argv);
}

export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = (t: string): void => void process.stdout.write(`${t}\n`);
  const err = (t: string): void => void process.stderr.write(`${t}\n`);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] !== undefined) return showCommandHelp(rest[0], out, err);
    out((await import('./help.js')).HELP);
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    out('0.1.0');
    return EXIT_OK;
  }
  const load = commands[name];
  if (!load) {
    const { didYouMean } = await import('./suggest.js');
    const hint = name.startsWith('-')
      ? didYouMean(name, ['--help', '--version'])
      : didYouMean(name, commandNames, 'berth ');
    err(
      `berth: unknown ${name.startsWith('-') ? 'option' : 'command'} '${name}'.${hint} ` +
        "Run 'berth --help' for the list.",
    );
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) return showCommandHelp(name, out, err);
  const [command, session] = await Promise.all([load(), import('./session.js')]);
  return session.runCommand({ name, command, argv: rest, out, err });
}

async function showCommandHelp(name: string, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const [{ commandHelp }, { didYouMean }] = await Promise.all([import('./command-help.js'), import('./suggest.js')]);
  const text = commandHelp(name);
  if (text !== undefined) {
    out(text);
    return EXIT_OK;
  }
  err(`berth: no command '${name}'.${didYouMean(name, commandNames, 'berth help ')} Run 'berth --help' for the list.`);
  return EXIT_BAD_INPUT;
}

/**
 * `berth ports --json | head -1`: once the reader is gone, nothing more can be said, and that is not
 * a failure of Berth. Node ignores SIGPIPE, so the write fails with EPIPE: end at once, exit 0, quietly.
 */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT_OK);
      process.exitCode = EXIT_FAILED;
    });
  }
}
