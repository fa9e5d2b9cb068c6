/** `npm run bench`: every benchmark, printed as tables with their in-run references. */
import { runPortsBench } from './ports-bench.js';

console.log(`Berth benchmarks — ${new Date().toISOString()} — node ${process.version}, ${process.platform}\n`);
await runPortsBench();
