/**
 * `npm run bench`: every benchmark, printed as tables with their in-run references.
 *   BENCH_ONLY=name[,name]  run only those (names below; `scanner` is the scanner part of `ports` alone)
 *   BENCH_QUICK=1           shorter windows and fewer runs: a smoke run, figures only indicative
 * The full default run stays under ~15 minutes on 2 cores. Benchmarks written by others are loaded only
 * when their compiled file exists, so this runs either way.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Bench = Readonly<{ name: string; file: string; run: string; inDefault: boolean; about: string }>;

const BENCHES: readonly Bench[] = [
  {
    name: 'ports',
    file: './ports-bench.js',
    run: 'runPortsBench',
    inDefault: true,
    about: 'scanner poll vs ss, idle cost, free',
  },
  // Part of `ports` (its section (b)); alone only when asked for.
  { name: 'scanner', file: './scanner-run.js', run: '', inDefault: false, about: 'scanner idle cost only' },
  {
    name: 'host-cpu',
    file: './host-cpu-bench.js',
    run: 'runHostCpuBench',
    inDefault: true,
    about: 'host CPU % and RSS at 3 scales',
  },
  {
    name: 'host',
    file: './host-bench.js',
    run: 'runHostBench',
    inDefault: true,
    about: '20 instances, start → ready',
  },
  { name: 'cli', file: './cli-bench.js', run: 'runCliBench', inDefault: true, about: 'berth start-up and ports' },
  {
    name: 'window',
    file: './window-bench.js',
    run: 'runWindowBench',
    inDefault: true,
    about: 'Ports view in Chromium',
  },
];

const only =
  process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? null;
const unknown = only?.filter((n) => !BENCHES.some((b) => b.name === n)) ?? [];
if (unknown.length > 0) {
  console.error(`BENCH_ONLY: unknown ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
if (process.env.BENCH_QUICK === '1') {
  // Read by the benchmarks below (each keeps its own minimum where the issue fixes one).
  process.env.BENCH_POLLS ??= '10';
  process.env.BENCH_ATTRIBUTE_RUNS ??= '3';
  process.env.BENCH_RUNS ??= '3';
}

console.log(`Berth benchmarks — ${new Date().toISOString()} — node ${process.version}, ${process.platform}`);
const timings: string[] = [];
for (const bench of BENCHES) {
  if (only ? !only.includes(bench.name) : !bench.inDefault) continue;
  const path = fileURLToPath(new URL(bench.file, import.meta.url));
  if (!existsSync(path)) {
    console.log(`\n# ${bench.name}: ${bench.file} is not built here; skipped`);
    continue;
  }
  console.log(`\n# ${bench.name} — ${bench.about}`);
  const t0 = performance.now();
  const mod = (await import(bench.file)) as Record<string, unknown>;
  const run = mod[bench.run];
  if (bench.run !== '') {
    if (typeof run !== 'function') throw new Error(`${bench.file} exports no ${bench.run}()`);
    await (run as () => Promise<void>)();
  }
  timings.push(`${bench.name} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`\nwall time: ${timings.join(', ')}`);
