/**
 * Where the window should look when it is opened on something: the tray and notifications open it with
 * `#port=3000`, `#profile=web&instance=web-1a2b`, `#instance=web-1a2b&logs=true`, and a plain view name
 * (`#ports`) picks a view. Pure: a hash in, a focus out (unknown keys and malformed values ignored).
 */
export type ViewName = 'instances' | 'ports' | 'profiles' | 'logs' | 'settings';
export const VIEW_NAMES: readonly ViewName[] = ['instances', 'ports', 'profiles', 'logs', 'settings'];

export type Focus = Readonly<{
  view?: ViewName;
  port?: number;
  profile?: string;
  instance?: string;
}>;

export function parseFocus(hash: string): Focus {
  const raw = hash.replace(/^#/, '');
  if ((VIEW_NAMES as readonly string[]).includes(raw)) return { view: raw as ViewName };
  const q = new URLSearchParams(raw);
  const port = Number(q.get('port'));
  const profile = q.get('profile') || undefined;
  const instance = q.get('instance') || undefined;
  const validPort = Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  const view: ViewName | undefined =
    q.get('logs') === 'true' && instance !== undefined
      ? 'logs'
      : instance !== undefined || profile !== undefined
        ? 'instances'
        : validPort !== undefined
          ? 'ports'
          : undefined;
  return {
    ...(view ? { view } : {}),
    ...(validPort !== undefined ? { port: validPort } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(instance !== undefined ? { instance } : {}),
  };
}
