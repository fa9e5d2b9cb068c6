/**
 * The contract names what is wrong by its field path ("ports.0.preferred: must be …"); the user typed
 * a flag. Each command passes the flags its fields came from, so the message names `--port`, not the
 * path inside the request. Paths are matched with numeric segments as `*` ("exclude.*").
 */
export type FieldNames = Readonly<Record<string, string>>;

const ISSUE_START = /(^|; )([A-Za-z_][\w]*(?:\.[\w]+)*): /g;

export function nameFields(message: string, names: FieldNames): string {
  return message.replace(ISSUE_START, (whole, lead: string, path: string) => {
    const label = lookup(path.split('.'), names);
    return label === undefined ? whole : `${lead}${label}: `;
  });
}

/** The longest prefix of the path that has a name, exact indices first, then `*`. */
function lookup(segments: readonly string[], names: FieldNames): string | undefined {
  for (let n = segments.length; n > 0; n--) {
    const exact = segments.slice(0, n).join('.');
    const label = names[exact] ?? names[exact.replace(/(^|\.)\d+(?=\.|$)/g, '$1*')];
    if (label !== undefined) return label;
  }
  return undefined;
}

/** Flags of `profile add` / `profile edit`, by profile field. */
export function profileFieldNames(ports: readonly { name?: unknown }[] = []): FieldNames {
  const names: Record<string, string> = {
    name: 'profile name',
    command: '--cmd',
    cwd: '--cwd',
    env: '--env',
    envFile: '--env-file',
    ports: '--port',
    policy: '--policy',
    args: '--arg',
    ready: '--ready',
    'ready.path': '--ready http:PATH',
    'ready.pattern': '--ready log:REGEX',
    readyTimeout: '--ready-timeout',
    stopTimeout: '--stop-timeout',
    restart: '--restart',
    url: '--url',
    autostart: '--autostart',
    group: '--group',
    after: '--after',
  };
  // With several port variables the message also says which one ("--port API_PORT").
  ports.forEach((p, i) => {
    const which = ports.length > 1 || (p.name !== undefined && p.name !== 'PORT') ? ` ${String(p.name ?? 'PORT')}` : '';
    names[`ports.${i}`] = `--port${which}`;
    names[`ports.${i}.name`] = `--port${which}`;
    names[`ports.${i}.preferred`] = `--port${which}`;
    names[`ports.${i}.sticky`] = `--port${which}`;
    names[`ports.${i}.range`] = `--range${which}`;
    names[`ports.${i}.pinned`] = '--pin';
  });
  return names;
}
