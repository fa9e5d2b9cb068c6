import { listAncestors, type ProcessTable } from './process-table.js';

/**
 * Targets Berth never signals, whatever asked for it (DESIGN.md "Processes and ports").
 * The reasons are shown to users as they are.
 */
export type GuardContext = Readonly<{ selfPid: number; selfPgid: number | null; ancestors: ReadonlySet<number> }>;

export function createGuardContext(table: ProcessTable, selfPid = process.pid): GuardContext {
  return { selfPid, selfPgid: table.get(selfPid)?.pgid ?? null, ancestors: new Set(listAncestors(table, selfPid)) };
}

export function refuseReason(pid: unknown, ctx: GuardContext): string | null {
  if (typeof pid !== 'number' || !Number.isInteger(pid)) return `"${String(pid)}" is not a process ID`;
  if (pid <= 1)
    return pid === 1
      ? 'PID 1 is the system init process; Berth never signals it'
      : `PID ${pid} is not a process Berth may signal`;
  if (pid === ctx.selfPid) return 'it is Berth itself';
  if (ctx.ancestors.has(pid)) return 'it started Berth (an ancestor such as your shell or terminal)';
  if (ctx.selfPgid !== null && pid === ctx.selfPgid) return "it leads Berth's own process group";
  return null;
}

/** Interactive shells, terminals and session managers: never stopped as a "watcher" parent. */
const SESSION_PROCESSES = new Set([
  'sh',
  'bash',
  'zsh',
  'fish',
  'dash',
  'ksh',
  'tcsh',
  'csh',
  'nu',
  'login',
  'sshd',
  'su',
  'sudo',
  'tmux',
  'tmux: server',
  'screen',
  'script',
  'systemd',
  'launchd',
  'init',
  'gnome-terminal-',
  'gnome-terminal-server',
  'konsole',
  'xterm',
  'alacritty',
  'kitty',
  'wezterm-gui',
  'Terminal',
  'iTerm2',
  'code',
  'Code',
  'explorer.exe',
  'cmd.exe',
  'powershell.exe',
  'pwsh.exe',
  'pwsh',
  'WindowsTerminal.exe',
  'conhost.exe',
]);

export function isSessionProcess(name: string): boolean {
  return SESSION_PROCESSES.has(name) || SESSION_PROCESSES.has(name.replace(/^-/, ''));
}
