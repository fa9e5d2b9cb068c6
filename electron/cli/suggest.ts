/**
 * "Did you mean" for commands and options: a small table of what users of PM2, kill-port and
 * process-compose type, then edit distance. Loaded by main.ts on the --help path too, so it imports nothing.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  kill: ['free', 'stop'],
  'kill-port': ['free'],
  fkill: ['free'],
  list: ['status', 'profile ls'],
  ps: ['status', 'ports'],
  rm: ['profile rm'],
  remove: ['profile rm'],
  delete: ['profile rm', 'stop'],
  add: ['profile add'],
  new: ['profile add'],
  show: ['profile show'],
  edit: ['profile edit'],
  run: ['start'],
  up: ['start'],
  down: ['stop'],
  reload: ['restart'],
  log: ['logs'],
  tail: ['logs'],
  lsof: ['ports', 'who'],
  netstat: ['ports'],
  config: ['settings'],
  version: ['--version'],
};

/** Edit distance where swapping two neighbours counts once ("prot" → "port"); small strings only. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known names nearest to `typed` (at most 3): aliases first, then distance ≤ 1/3 of the length
 * (min 1, max 3).
 */
export function nearest(typed: string, known: readonly string[]): string[] {
  const aliased = (ALIASES[typed.toLowerCase()] ?? []).filter(
    (a) => known.includes(a.split(' ')[0]!) || a.startsWith('--'),
  );
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  const close = known
    .map((k) => ({
      k,
      d: Math.min(
        editDistance(typed.toLowerCase(), k.toLowerCase()),
        k.startsWith(typed) && typed.length >= 2 ? 1 : 99,
      ),
    }))
    .filter((x) => x.d <= limit && !aliased.includes(x.k))
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .map((x) => x.k);
  return [...aliased, ...close].slice(0, 3);
}

/** " Did you mean 'free' or 'stop'?" or "" */
export function didYouMean(typed: string, known: readonly string[], prefix = ''): string {
  const n = nearest(typed, known).map((k) => `'${k.startsWith('-') ? k : prefix + k}'`);
  if (n.length === 0) return '';
  return ` Did you mean ${n.length === 1 ? n[0] : `${n.slice(0, -1).join(', ')} or ${n.at(-1)}`}?`;
}
