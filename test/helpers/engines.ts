import { after } from 'node:test';
import { createEngine, type Engine, type EngineOptions } from '../../electron/core/engine.js';
import { makeTempDir } from './temp.js';

/**
 * Real engines for one test file, each on a temp data dir of its own; `after` the file every engine is
 * closed with its instances stopped and every dir removed.
 */
export function engineSuite() {
  const engines: Engine[] = [];
  const dirs: { remove: () => void }[] = [];
  after(async () => {
    for (const e of engines) await e.close({ stopInstances: true });
    for (const d of dirs) d.remove();
  });
  return {
    /** A fresh data dir, for files to write before the engine reads it. */
    dataDir(): string {
      const d = makeTempDir();
      dirs.push(d);
      return d.dir;
    },
    /** An engine on `dataDir`, closed after the file. */
    async start(dataDir: string, options: Omit<EngineOptions, 'dataDir'> = {}): Promise<Engine> {
      const engine = await createEngine({ dataDir, ...options });
      engines.push(engine);
      return engine;
    },
  };
}
