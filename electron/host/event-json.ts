import type { EventName, EventPayloads } from '../contract/events.js';
import type { Snapshot } from '../contract/views.js';

/**
 * The JSON of a pushed event's payload, as the control socket and the event stream send it, in UTF-8.
 * A snapshot (800 KB of JSON at 2000 listeners) is encoded once for all the faces it is pushed to, and each
 * listener view's bytes are kept with the view: views of unchanged listeners are the same objects from
 * one snapshot to the next (core/free/holders.ts), so a snapshot with one new listener encodes that one
 * and copies the others' bytes, instead of serialising, joining and encoding all 2000 again.
 */
const listeners = new WeakMap<object, Buffer>();
// The last snapshot's bytes, for the other faces it is delivered to in the same turn; dropped after
// it, so the 800 KB do not stay resident for as long as the snapshot stays current.
let last: { snapshot: Snapshot; bytes: Buffer } | null = null;
const OPEN = Buffer.from('{"listeners":[');
const COMMA = Buffer.from(',');

export function payloadBytes<E extends EventName>(event: E, payload: EventPayloads[E]): Buffer {
  if (event !== 'state') return Buffer.from(JSON.stringify(payload));
  const s = payload as Snapshot;
  if (last?.snapshot === s) return last.bytes;
  const bytes = snapshotBytes(s);
  if (last === null) setImmediate(() => (last = null));
  last = { snapshot: s, bytes };
  return bytes;
}

function snapshotBytes(s: Snapshot): Buffer {
  const { listeners: views, ...rest } = s;
  // `rest` always holds rev: its JSON is "{…}" with at least one member, which follows the list.
  const tail = Buffer.from(`],${JSON.stringify(rest).slice(1)}`);
  const parts: Buffer[] = new Array<Buffer>(views.length);
  let size = OPEN.length + tail.length + Math.max(0, views.length - 1) * COMMA.length;
  for (let i = 0; i < views.length; i++) {
    const v = views[i]!;
    let b = listeners.get(v);
    if (b === undefined) {
      b = Buffer.from(JSON.stringify(v));
      listeners.set(v, b);
    }
    parts[i] = b;
    size += b.length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = OPEN.copy(out, 0);
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) at += COMMA.copy(out, at);
    at += parts[i]!.copy(out, at);
  }
  tail.copy(out, at);
  return out;
}
