import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLsofListen } from '../../../electron/core/ports/darwin-lsof.js';
import { parseNetstatListen } from '../../../electron/core/ports/win32-netstat.js';
import { parseProcNetTcp } from '../../../electron/core/ports/linux-procnet.js';
import { formatIPv6 } from '../../../electron/core/ports/inet-address.js';
import { parseProcStat } from '../../../electron/core/processes/linux-proc.js';
import { parsePsTable } from '../../../electron/core/processes/process-table.js';
import type { RawSocket } from '../../../electron/core/ports/types.js';

// Fixtures live in the source tree (test/fixtures/ports), two levels above dist/test/core.
const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/ports/${name}`, import.meta.url)), 'utf8');

test('lsof -F: captured output with IPv4, IPv6, wildcard and a process name with spaces and parentheses', () => {
  const procs = parseLsofListen(fixture('lsof-F-listen.txt'));
  assert.deepEqual(procs, [
    {
      pid: 3946,
      command: 'my server (v2)',
      uid: 0,
      login: 'root',
      sockets: [
        { family: 4, address: '127.0.0.1', port: 45123 },
        { family: 6, address: '::1', port: 45124 },
        { family: 6, address: '::', port: 45125 },
      ],
    },
    { pid: 3977, command: 'web:dev', uid: 0, login: 'root', sockets: [{ family: 4, address: '0.0.0.0', port: 45126 }] },
  ]);
});

test('lsof -F: a file whose TCP state is not LISTEN is skipped', () => {
  const text =
    'p10\ncx\nu501\nf3\ntIPv4\nn127.0.0.1:5000->127.0.0.1:6000\nTST=ESTABLISHED\nf4\ntIPv4\nn*:5000\nTST=LISTEN\n';
  assert.deepEqual(parseLsofListen(text)[0]?.sockets, [{ family: 4, address: '0.0.0.0', port: 5000 }]);
});

test('netstat -ano -p TCP: listeners only, established and TIME_WAIT rows skipped', () => {
  assert.deepEqual(parseNetstatListen(fixture('netstat-ano-tcp.txt')), [
    { family: 4, address: '0.0.0.0', port: 135, pid: 1044 },
    { family: 4, address: '0.0.0.0', port: 445, pid: 4 },
    { family: 4, address: '0.0.0.0', port: 3000, pid: 15872 },
    { family: 4, address: '127.0.0.1', port: 5173, pid: 20312 },
    { family: 4, address: '192.168.1.20', port: 30001, pid: 7700 },
  ]);
});

test('netstat -ano -p TCPv6 with a German locale and a scoped address', () => {
  assert.deepEqual(parseNetstatListen(fixture('netstat-ano-tcpv6-de.txt')), [
    { family: 6, address: '::', port: 135, pid: 1044 },
    { family: 6, address: '::1', port: 5173, pid: 20312 },
    { family: 6, address: 'fe80::1c2a:9ff:fe3b:7d10%12', port: 8000, pid: 3388 },
  ]);
});

test('/proc/net/tcp{,6}: captured files, LISTEN rows only, addresses decoded', () => {
  const out: RawSocket[] = [];
  parseProcNetTcp(fixture('proc-net-tcp.txt'), 4, out);
  parseProcNetTcp(fixture('proc-net-tcp6.txt'), 6, out);
  assert.deepEqual(
    out.map((s) => [s.family, s.address, s.port, s.uid]),
    [
      [4, '0.0.0.0', 2024, 0],
      [4, '127.0.0.1', 45213, 0],
      [6, '::', 45212, 0],
      [6, '::1', 45211, 0],
    ],
  );
  assert.ok(out.every((s) => Number.isInteger(s.inode) && s.inode > 0));
});

test('IPv6 formatting follows RFC 5952 and shows v4-mapped addresses', () => {
  const b = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
  assert.equal(formatIPv6(b('00000000000000000000000000000001')), '::1');
  assert.equal(formatIPv6(b('00000000000000000000000000000000')), '::');
  assert.equal(formatIPv6(b('fe800000000000001c2a09fffe3b7d10')), 'fe80::1c2a:9ff:fe3b:7d10');
  assert.equal(formatIPv6(b('00000000000000000000ffff7f000001')), '::ffff:127.0.0.1');
  assert.equal(formatIPv6(b('20010db8000000010000000000000001')), '2001:db8:0:1::1');
});

test('/proc/<pid>/stat: a comm with spaces and parentheses does not shift the fields', () => {
  const st = parseProcStat(
    42,
    '42 (my server (v2)) S 7 42 7 34816 42 4194560 1 0 0 0 3 1 0 0 20 0 1 0 123456 1000 100 18446744073709551615',
  );
  assert.deepEqual(st, { pid: 42, comm: 'my server (v2)', state: 'S', ppid: 7, pgid: 42, startTicks: 123456 });
});

test('ps -axo pid,ppid,pgid,lstart,comm (macOS): names with spaces and paths', () => {
  const t = parsePsTable(
    '  501     1   501 Sun Nov 22 09:15:02 2026     /Applications/My App.app/Contents/MacOS/My App\n' +
      ' 812   501   501 Mon Nov  2 10:00:00 2026     node\n',
  );
  assert.deepEqual(t.get(501), {
    pid: 501,
    ppid: 1,
    pgid: 501,
    name: 'My App',
    startKey: 'ps:Sun Nov 22 09:15:02 2026',
  });
  assert.equal(t.get(812)?.startKey, 'ps:Mon Nov  2 10:00:00 2026');
});
