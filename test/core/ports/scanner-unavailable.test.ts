import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import { makeTempDir } from '../../helpers/temp.js';
import { berthBin, waitFor } from '../../helpers/processes.js';

/**
 * Issue 8 §9: when neither netlink nor /proc/net can be read, a scan fails naming both, in both
 * scanner modes and in background polls; it never returns an empty list that reads as "nothing listens".
 * Netlink is left out with kernel: 'procfs' and /proc/net/tcp with a procRoot that has none.
 */
const linux = process.platform === 'linux';
const UNREADABLE = new RegExp(
  /Berth cannot read the listening ports: netlink was not used \(kernel: procfs\), and /.source +
    /.*\/net\/tcp cannot be read \(ENOENT\)$/.source,
);

for (const mode of ['inline', 'worker'] as const) {
  test(
    `${mode} scanner: no netlink and no /proc/net/tcp is an error naming both, never an empty list`,
    { skip: !linux && 'Linux only' },
    async () => {
      const root = makeTempDir();
      const scanner = createScanner({ mode, kernel: 'procfs', procRoot: root.dir, intervalMs: 20 });
      try {
        await assert.rejects(scanner.scanNow(), UNREADABLE);
        assert.equal(scanner.latest(), null, 'no result is recorded');
        // Background polls have no caller: the same error reaches onError, and onChange hears nothing.
        let changes = 0;
        const offChange = scanner.onChange(() => changes++);
        // The scanner's timers never hold the process open (a CLI must exit): this bounded one does.
        const err = await new Promise<Error>((resolve, reject) => {
          const guard = setTimeout(() => reject(new Error('no background poll error within 5 s')), 5000);
          const off = scanner.onError((e) => (off(), clearTimeout(guard), resolve(e)));
        });
        offChange();
        assert.match(err.message, UNREADABLE);
        assert.equal(changes, 0);
      } finally {
        await scanner.close();
        root.remove();
      }
    },
  );
}

test(
  'a /proc without net/tcp6 (IPv6 disabled at boot) lists the IPv4 listeners and no error',
  { skip: !linux && 'Linux only' },
  async () => {
    const root = makeTempDir();
    mkdirSync(join(root.dir, 'net'));
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const line =
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 ' +
      '1 0 100 0 0 10 0\n';
    writeFileSync(join(root.dir, 'net', 'tcp'), header + line);
    const scanner = createScanner({ mode: 'inline', kernel: 'procfs', procRoot: root.dir });
    try {
      const r = await scanner.scan();
      assert.equal(r.source, 'procfs');
      assert.deepEqual(
        r.listeners.map((l) => [l.address, l.port, l.pid, l.reason !== undefined]),
        [['127.0.0.1', 8080, null, true]],
      );
    } finally {
      await scanner.close();
      root.remove();
    }
  },
);

/** Root with mount namespaces: koffi hidden (no netlink) and an empty /proc (no /proc/net) for one command. */
function isolationAvailable(): boolean {
  if (!linux || process.getuid?.() !== 0) return false;
  return spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { timeout: 10_000 }).status === 0;
}

test(
  'berth ports without netlink and /proc/net: exit 1 and the reason, not "nothing listens"',
  { skip: !isolationAvailable() && 'needs root and unshare -m to hide koffi and /proc', timeout: 60_000 },
  () => {
    const home = makeTempDir();
    const empty = makeTempDir();
    const koffi = fileURLToPath(new URL('../../../../node_modules/koffi', import.meta.url));
    try {
      // The bind and the tmpfs live only in this private mount namespace, gone with its last process.
      const script =
        `mount --bind "${empty.dir}" "${koffi}" && mount -t tmpfs none /proc && ` +
        `exec "${process.execPath}" "${berthBin}" ports`;
      const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
        env: { ...process.env, BERTH_HOME: home.dir },
        encoding: 'utf8',
        timeout: 50_000,
      });
      assert.equal(r.status, 1, `exit code (stdout: ${r.stdout}, stderr: ${r.stderr})`);
      assert.match(
        r.stderr,
        /Berth cannot read the listening ports: netlink sock_diag is unavailable.*and \/proc\/net\/tcp cannot be read/,
      );
      assert.equal(r.stdout.trim(), '', 'no list is printed');
    } finally {
      home.remove();
      empty.remove();
    }
  },
);

test(
  'a host whose scan is unavailable says so once: a notice, the snapshot marked degraded, ports.list an error',
  { skip: !linux && 'Linux only' },
  async () => {
    const { createEngine } = await import('../../../electron/core/engine.js');
    const root = makeTempDir();
    const data = makeTempDir();
    const scanner = createScanner({ mode: 'worker', kernel: 'procfs', procRoot: root.dir, intervalMs: 50 });
    const engine = await createEngine({ dataDir: data.dir, scanner });
    try {
      const notice = await waitFor(() => engine.notices.list().find((n) => n.kind === 'scanner'), 10_000);
      assert.match(notice?.text ?? '', UNREADABLE);
      assert.doesNotMatch(notice?.text ?? '', /ports: Berth cannot read/, 'the reason is not said twice');
      assert.equal(notice?.level, 'error');
      assert.match(engine.state.get().scan.degraded ?? '', UNREADABLE);
      const list = await engine.api['ports.list']({});
      assert.equal(list.ok, false, 'never an empty list');
      // Later failed polls add no second notice.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(engine.notices.list().filter((n) => n.kind === 'scanner').length, 1);
    } finally {
      await engine.close();
      root.remove();
      data.remove();
    }
  },
);
