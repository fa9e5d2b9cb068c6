import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The one place that decides the data dir (DESIGN.md "Data dir"): BERTH_HOME if set, else the
 * OS app-data dir. The shell, the host, the CLI and every test go through it.
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const explicit = env.BERTH_HOME;
  if (explicit !== undefined && explicit !== '') return explicit;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Berth');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Berth');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(home, '.config'), 'Berth');
}
