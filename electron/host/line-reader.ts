import type { Socket } from 'node:net';

/** A line longer than this is refused and its connection closed (DESIGN.md: the host survives any input). */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Splits a socket's bytes into lines without buffering past `maxBytes`: readline would hold any
 * amount of data waiting for a newline that never comes.
 */
export function readLines(
  socket: Socket,
  onLine: (line: string) => void,
  onTooLong: () => void,
  maxBytes = MAX_LINE_BYTES,
): void {
  let parts: Buffer[] = [];
  let size = 0;
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      const piece = chunk.subarray(start, nl);
      if (size + piece.length > maxBytes) return onTooLong();
      const line = Buffer.concat([...parts, piece]).toString('utf8');
      parts = [];
      size = 0;
      start = nl + 1;
      if (line.trim() !== '') onLine(line);
      if (socket.destroyed) return;
    }
    const rest = chunk.subarray(start);
    size += rest.length;
    if (size > maxBytes) return onTooLong();
    if (rest.length > 0) parts.push(rest);
  });
}
