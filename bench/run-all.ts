/** `npm run bench`: every benchmark, printed as tables with their in-run references. */
import { runPortsBench } from './ports-bench.js';
import { runHostBench } from './host-bench.js';

console.log(`Berth benchmarks — ${new Date().toISOString()} — node ${process.version}, ${process.platform}\n`);
if (process.env.BENCH_ONLY !== 'host') await runPortsBench();
if (process.env.BENCH_ONLY !== 'ports') await runHostBench();
