import { endianness } from 'node:os';
import type { RawSocket } from './types.js';
import { formatIPv4, formatIPv6 } from './inet-address.js';
import { libcProblem, loadLibc } from '../processes/linux-libc.js';

/**
 * LISTEN-only dump of TCP sockets through the kernel's sock_diag netlink interface
 * (linux/inet_diag.h, the interface `ss` uses), called through koffi. The dump is filtered in
 * the kernel by state, so cost scales with listeners, not with connections.
 */
const AF_NETLINK = 16;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
// The original inet_diag request (struct inet_diag_req): the kernel answers it for every address family
// at once (inet_diag_dump_compat sets AF_UNSPEC), so one walk of the listening hash instead of two.
const TCPDIAG_GETSOCK = 18;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const IPPROTO_TCP = 6;
const TCP_LISTEN = 10;
const NLMSG_HDRLEN = 16;
// struct inet_diag_req_v2: family, protocol, ext, pad (4) + states (4) + inet_diag_sockid (48).
const REQ_LEN = NLMSG_HDRLEN + 56;
// struct inet_diag_req: family, src_len, dst_len, ext (4) + inet_diag_sockid (48) + states (4) + dbs (4).
const COMPAT_REQ_LEN = NLMSG_HDRLEN + 60;

/** `dump()` returns the previous call's array itself when the kernel reports the same sockets. */
export type NetlinkDumper = Readonly<{ dump(): readonly RawSocket[]; close(): void }>;

/**
 * Opens one netlink socket, reused for every poll. When netlink is unavailable, says why: a scan that
 * cannot fall back to /proc either must name both causes (issue 8 §9), not report "nothing listens".
 * `perFamily` skips the one-request dump (tests compare both).
 */
export function createNetlinkDumper(
  options: Readonly<{ perFamily?: boolean }> = {},
): NetlinkDumper | Readonly<{ unavailable: string }> {
  if (process.platform !== 'linux') return { unavailable: `netlink is Linux only (${process.platform})` };
  const c = loadLibc();
  if (c === null)
    return {
      unavailable: `netlink sock_diag is unavailable: libc could not be loaded through koffi (${libcProblem()})`,
    };
  const fd = c.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return { unavailable: `netlink sock_diag socket refused (errno ${c.errno()})` };
  const req = Buffer.alloc(COMPAT_REQ_LEN);
  // Whether the one-request dump of both families works here; when the kernel refuses it, the
  // per-family requests of inet_diag_req_v2 are used from then on.
  let compat = options.perFamily !== true;
  const buf = Buffer.alloc(1 << 17);
  // Messages are 4-byte aligned (NLMSG_ALIGN): on little-endian machines their u32 fields are read
  // as array elements, cheaper than Buffer methods 2000 times a poll.
  const words =
    endianness() === 'LE' && buf.byteOffset % 4 === 0
      ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2)
      : null;
  const u32 = (off: number): number => (words !== null ? words[off >>> 2]! : buf.readUInt32LE(off));
  let seq = 1;
  let closed = false;
  // The last array handed out. While the kernel reports the same sockets in the same order (its
  // listening hash is walked in a fixed order), the dump only compares and returns this very array:
  // an unchanged poll allocates nothing, and callers detect "unchanged" by reference.
  let previous: RawSocket[] = [];
  // previous[i] as two numbers (inode, family << 16 | port), compared without touching the objects.
  let previousKeys = new Uint32Array(0);
  let matched = 0;
  let out: RawSocket[] | null = null;
  let known: Map<number, RawSocket> | null = null;

  function take(m: number): void {
    if (buf[m + 1] !== TCP_LISTEN) return;
    const fam = buf[m] === 2 ? 4 : 6;
    const port = (buf[m + 4]! << 8) | buf[m + 5]!;
    const inode = u32(m + 68);
    if (out === null) {
      if (
        matched < previous.length &&
        previousKeys[2 * matched] === inode &&
        previousKeys[2 * matched + 1] === ((fam << 16) | port)
      ) {
        matched++;
        return;
      }
      out = previous.slice(0, matched);
    }
    // A listening socket never changes address or port: reuse last poll's object for a known inode.
    known ??= new Map(previous.map((s) => [s.inode, s]));
    const seen = known.get(inode);
    out.push(
      seen !== undefined && seen.port === port && seen.family === fam ? seen : parseDiagMsg(buf, m, fam, port, inode),
    );
  }

  function finish(): RawSocket[] {
    if (out === null && matched === previous.length) return previous;
    previous = out ?? previous.slice(0, matched);
    previousKeys = new Uint32Array(previous.length * 2);
    previous.forEach((p, i) => {
      previousKeys[2 * i] = p.inode;
      previousKeys[2 * i + 1] = (p.family << 16) | p.port;
    });
    out = null;
    known = null;
    return previous;
  }

  /** Sends one dump request; `family` null asks for every family (the compat request). */
  function request(family: 4 | 6 | null): void {
    seq = (seq + 1) >>> 0;
    const len = family === null ? COMPAT_REQ_LEN : REQ_LEN;
    req.fill(0);
    req.writeUInt32LE(len, 0);
    req.writeUInt16LE(family === null ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY, 4);
    req.writeUInt16LE(NLM_F_REQUEST | NLM_F_DUMP, 6);
    req.writeUInt32LE(seq, 8);
    if (family === null) {
      req.writeUInt32LE(1 << TCP_LISTEN, NLMSG_HDRLEN + 52);
    } else {
      req.writeUInt8(family === 4 ? 2 : 10, 16);
      req.writeUInt8(IPPROTO_TCP, 17);
      req.writeUInt32LE(1 << TCP_LISTEN, 20);
    }
    if (Number(c!.send(fd, req, len, 0)) !== len) throw new Error(`netlink send failed (errno ${c!.errno()})`);
  }

  /** Reads the replies to the last request; returns the kernel's error number, or 0 once done. */
  function readReplies(): number {
    for (;;) {
      const len = Number(c!.recv(fd, buf, buf.length, 0));
      if (len < 0) throw new Error(`netlink recv failed (errno ${c!.errno()})`);
      let off = 0;
      while (off + NLMSG_HDRLEN <= len) {
        const msgLen = u32(off);
        const type = u32(off + 4) & 0xffff;
        if (msgLen < NLMSG_HDRLEN) return 0;
        if (u32(off + 8) === seq) {
          if (type === NLMSG_DONE) return 0;
          if (type === NLMSG_ERROR) return -buf.readInt32LE(off + 16);
          take(off + NLMSG_HDRLEN);
        }
        off += (msgLen + 3) & ~3;
      }
    }
  }

  function dumpAll(): void {
    if (compat) {
      request(null);
      const err = readReplies();
      if (err === 0) return;
      if (matched > 0 || out !== null) throw new Error(`netlink error ${err}`);
      compat = false; // refused before any socket: this kernel only answers the per-family request
    }
    for (const family of [4, 6] as const) {
      request(family);
      const err = readReplies();
      if (err !== 0) throw new Error(`netlink error ${err}`);
    }
  }

  return {
    dump(): RawSocket[] {
      if (closed) throw new Error('netlink dumper is closed');
      matched = 0;
      out = null;
      known = null;
      try {
        dumpAll();
      } catch (err) {
        previous = []; // a half-read dump must never be taken for "unchanged" next time
        previousKeys = new Uint32Array(0);
        throw err;
      }
      return finish();
    },
    close(): void {
      if (!closed) c.close(fd);
      closed = true;
    },
  };
}

// struct inet_diag_msg: family, state, timer, retrans (4); id: sport, dport (be16), src[16], dst[16],
// if, cookie[2] (48); expires, rqueue, wqueue, uid, inode (20).
function parseDiagMsg(buf: Buffer, m: number, family: 4 | 6, port: number, inode: number): RawSocket {
  const src = buf.subarray(m + 8, m + 24);
  return {
    family,
    address: family === 4 ? formatIPv4(src) : formatIPv6(src),
    port,
    uid: buf.readUInt32LE(m + 64),
    inode,
  };
}
