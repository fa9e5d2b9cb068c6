import type { Settings } from 'electron';

/**
 * Start at login. macOS and Windows go through `app.setLoginItemSettings`; Linux has no such API in
 * Electron, so the shell writes an XDG autostart entry (XDG Autostart spec: a `.desktop` file in
 * `$XDG_CONFIG_HOME/autostart`). Everything here is text and data; the shell does the writing.
 */

export type AutostartEntryOptions = Readonly<{
  /**
   * The binary to start: `process.execPath`, or `$APPIMAGE` when running from an AppImage (there execPath
   * points into a mount that is gone after logout).
   */
  execPath: string;
  args: readonly string[];
  name: string;
}>;

/** Argument passed when Berth is started at login: start in the tray without showing the window. */
export const HIDDEN_ARG = '--hidden';

/**
 * Characters that force an Exec argument to be quoted (Desktop Entry spec, "The Exec key": space, tab,
 * newline, double and single quote, backslash, `>`, `<`, `~`, `|`, `&`, `;`, `$`, `*`, `?`, `#`, `(`, `)`, backtick).
 */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * Quotes one Exec argument. Two layers, in the order a reader undoes them backwards: first the Exec
 * quoting (inside double quotes, `"`, backtick, `$` and `\` take a backslash), then the general string
 * escaping every value gets (`\` becomes `\\`, so a literal backslash in a quoted argument ends up as
 * four). `%` is doubled because a single one starts a field code.
 * https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html
 */
export function quoteExecArg(arg: string): string {
  const noFieldCodes = arg.replaceAll('%', '%%');
  const quoted =
    noFieldCodes === '' || RESERVED.test(noFieldCodes) ? `"${noFieldCodes.replace(/["`$\\]/g, '\\$&')}"` : noFieldCodes;
  return escapeValue(quoted);
}

/** The string escapes of the Desktop Entry spec ("Possible value types"): `\\`, `\n`, `\t`, `\r`. */
function escapeValue(value: string): string {
  return value.replace(/[\\\n\t\r]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c] ?? c);
}

export function buildAutostartDesktopEntry({ execPath, args, name }: AutostartEntryOptions): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${escapeValue(name)}`,
    'Comment=Watches listening ports and starts dev servers; started at login.',
    `Exec=${[execPath, ...args].map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    // GNOME reads this key to let the user switch the entry off without deleting it.
    'X-GNOME-Autostart-enabled=true',
    // Hidden=true would mean "deleted" to the session manager (XDG Autostart spec).
    'Hidden=false',
    'NoDisplay=false',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `$XDG_CONFIG_HOME/autostart/berth.desktop`, falling back to `~/.config` when the variable is unset,
 * empty or relative (XDG Base Directory spec: a relative path in these variables is invalid and ignored).
 */
export function autostartPath(xdgConfigHome: string | undefined, homeDir: string): string {
  const configHome = xdgConfigHome?.startsWith('/') ? xdgConfigHome : `${homeDir.replace(/\/+$/, '')}/.config`;
  return `${configHome.replace(/\/+$/, '')}/autostart/berth.desktop`;
}

/**
 * The argument for `app.setLoginItemSettings`, or null on Linux (autostart file instead).
 * macOS: only `openAtLogin`; `openAsHidden` was removed from Electron's API (deprecated with macOS 13) and
 * Berth's window never shows at launch there anyway (a menu-bar app). Windows: `--hidden` so Berth starts
 * in the tray; the same args are passed when disabling, because Windows matches the registry entry by
 * path and args (Electron docs, app.getLoginItemSettings).
 */
export function loginItemSettingsFor(platform: NodeJS.Platform, enabled: boolean): Settings | null {
  if (platform === 'darwin') return { openAtLogin: enabled };
  if (platform === 'win32') return { openAtLogin: enabled, args: [HIDDEN_ARG] };
  return null;
}
