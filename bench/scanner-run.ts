/**
 * `node dist/bench/scanner-run.js`: only the scanner's idle-cost benchmark (ports bench at its largest
 * scale, section (b)), without the other benchmarks. `npm run bench` runs it as part of the ports bench.
 */
import { runPortsBench } from './ports-bench.js';

process.env.BENCH_SCANNER_ONLY ??= '1';
await runPortsBench();
