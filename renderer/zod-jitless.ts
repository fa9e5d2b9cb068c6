/**
 * Imported first by main.tsx, before anything loads zod. Zod 4 compiles object parsers with
 * `new Function` unless `jitless` is set, and probes for it on the first parse; under the window's CSP
 * (no 'unsafe-eval') that probe is a reported violation. Zod reads its config from this global when it
 * loads (zod/v4/core/core.js: `globalThis.__zod_globalConfig`), so setting it here needs no zod import.
 */
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };

export {};
