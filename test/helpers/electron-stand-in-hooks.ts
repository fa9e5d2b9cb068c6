/**
 * Module customization hooks (https://nodejs.org/docs/latest-v20.x/api/module.html#customization-hooks):
 * the bare specifier `electron` resolves to the recording stand-in; everything else resolves as usual.
 * Registered by electron-stand-in-register.ts (`node --import …/electron-stand-in-register.js main.js`).
 */
type Resolved = { url: string; shortCircuit?: boolean; format?: string | null };
type NextResolve = (specifier: string, context: unknown) => Promise<Resolved>;

export const STAND_IN_URL = new URL('./electron-stand-in-module.js', import.meta.url).href;

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<Resolved> {
  if (specifier === 'electron') return { url: STAND_IN_URL, format: 'module', shortCircuit: true };
  return nextResolve(specifier, context);
}
