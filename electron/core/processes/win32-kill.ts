import treeKill from 'tree-kill';

/**
 * Windows has no signals or POSIX process trees to walk: `taskkill /T` (through tree-kill) ends a
 * process and its children. Without force, taskkill asks the process to close first.
 */
export function killWin32Tree(pids: readonly number[], force: boolean): Promise<void> {
  return Promise.all(
    pids.map((pid) => new Promise<void>((resolve) => treeKill(pid, force ? 'SIGKILL' : 'SIGTERM', () => resolve()))),
  ).then(() => undefined);
}
