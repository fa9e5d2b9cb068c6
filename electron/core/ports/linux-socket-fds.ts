/**
 * Which fd of which process each attributed listening socket was found at, and the fds of the ones
 * that closed since. A server that re-listens in-process usually gets the very fd it closed (the
 * kernel hands out the lowest free one, open(2)), so one readlink of a vacated fd finds the new
 * socket where walking every previous owner's fd table costs milliseconds (linux-owner-search.ts).
 */
export type SocketFd = Readonly<{ pid: number; fd: number }>;

export type SocketFdMemory = Readonly<{
  /** Records where a socket was found (searchOwners' `onFd`). */
  found(inode: number, pid: number, fd: number): void;
  /** The socket is gone from the dump: its fds become vacated. */
  closed(inode: number): void;
  /** Inodes remembered, to tell which ones closed. */
  inodes(): IterableIterator<number>;
  /** The vacated fds to probe in the next search that looks for new sockets; forgotten once taken. */
  takeVacated(): readonly SocketFd[];
}>;

// The most recent few: a machine closing many listeners at once falls back to walking.
const MAX_VACATED = 64;

export function createSocketFdMemory(): SocketFdMemory {
  const byInode = new Map<number, SocketFd[]>();
  let vacated: SocketFd[] = [];
  return {
    found(inode, pid, fd) {
      const list = byInode.get(inode);
      if (list === undefined) byInode.set(inode, [{ pid, fd }]);
      else if (!list.some((x) => x.pid === pid && x.fd === fd)) list.push({ pid, fd });
    },
    closed(inode) {
      const list = byInode.get(inode);
      if (list === undefined) return;
      byInode.delete(inode);
      vacated = [...list, ...vacated].slice(0, MAX_VACATED);
    },
    inodes: () => byInode.keys(),
    takeVacated() {
      const out = vacated;
      vacated = [];
      return out;
    },
  };
}
