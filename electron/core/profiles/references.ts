import type { Profile } from './schema.js';

/**
 * References to another profile's resolved port in env values, args and the URL:
 * `API_URL=http://localhost:{api.API_PORT}`. A name may contain dots (`api.v2`), so the variable is
 * the part after the last one.
 */
const REF = /\{([A-Za-z0-9][A-Za-z0-9._-]*)\.([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type Reference = Readonly<{ profile: string; variable: string; key: string }>;

/** Every `{profile.VAR}` the profile names (its own name excluded: `{PORT}` covers that). */
export function findReferences(profile: Pick<Profile, 'name' | 'env' | 'args' | 'url'>): Reference[] {
  const texts = [...Object.values(profile.env), ...profile.args, profile.url];
  const out = new Map<string, Reference>();
  for (const t of texts) {
    for (const m of t.matchAll(REF)) {
      const [key, name, variable] = [`${m[1]}.${m[2]}`, m[1]!, m[2]!];
      if (name !== profile.name) out.set(key, { profile: name, variable, key });
    }
  }
  return [...out.values()];
}

/** The profiles a profile needs running first: `after`, and the profiles its values refer to (when they exist). */
export function dependenciesOf(profile: Profile, exists: (name: string) => boolean): string[] {
  const refs = findReferences(profile)
    .map((r) => r.profile)
    .filter(exists);
  return [...new Set([...profile.after, ...refs])];
}

/**
 * `{NAME}` placeholders of the profile's own (upper-case names, as port variables are written) that name
 * no port variable of it: they would reach the server as written (`--port {PORT}` on a profile whose only
 * variable is VITE_HMR_PORT). `{PORT}` in the URL means the first variable (child-env.ts expandUrl), and
 * a profile without variables shows no URL.
 */
export function unknownPlaceholders(profile: Pick<Profile, 'env' | 'args' | 'url' | 'ports'>): string[] {
  const names = new Set(profile.ports.map((p) => p.name));
  const out = new Set<string>();
  const scan = (text: string, url: boolean): void => {
    for (const m of text.matchAll(/\{([A-Z_][A-Z0-9_]*)\}/g)) {
      const name = m[1]!;
      if (names.has(name) || (url && name === 'PORT')) continue;
      out.add(`{${name}}`);
    }
  };
  for (const v of Object.values(profile.env)) scan(v, false);
  for (const a of profile.args) scan(a, false);
  scan(profile.url, true);
  return [...out];
}
