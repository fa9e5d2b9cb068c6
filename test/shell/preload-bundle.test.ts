import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { commandNames } from '../../electron/contract/names.js';
import { repoRoot } from '../helpers/shell-process.js';

type Fn = (...args: unknown[]) => unknown;

/**
 * Runs the built dist/preload/preload.cjs as Electron runs a sandboxed preload: a CommonJS function body
 * given `require`, `module` and `exports`, in a context of its own (no Node globals). `require('electron')`
 * is a recording stand-in for contextBridge and ipcRenderer; any other module is refused, as the sandbox
 * refuses it.
 */
function loadPreload() {
  const required: string[] = [];
  const exposed = new Map<string, Record<string, unknown>>();
  const invokes: { channel: string; args: unknown[] }[] = [];
  const ipcListeners: { channel: string; listener: Fn }[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invokes.push({ channel, args });
        return Promise.resolve({ ok: true, value: { answered: invokes.length } });
      },
      on: (channel: string, listener: Fn) => void ipcListeners.push({ channel, listener }),
    },
  };
  const require = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const code = readFileSync(join(repoRoot, 'dist', 'preload', 'preload.cjs'), 'utf8');
  const run = vm.compileFunction(code, ['require', 'module', 'exports'], {
    parsingContext: vm.createContext({}),
    filename: 'preload.cjs',
  });
  const module = { exports: {} };
  run(require, module, module.exports);
  /** What the main process's forwardEvents sends: ('berth:event', name, payload). */
  const push = (name: unknown, payload: unknown): void => {
    for (const l of ipcListeners) if (l.channel === 'berth:event') l.listener({ sender: 'ipc' }, name, payload);
  };
  return { required, exposed, invokes, ipcListeners, push };
}

test('window.berth is exactly the contract commands and onState/onLog/onNotice, all functions', () => {
  const p = loadPreload();
  assert.deepEqual(p.required, ['electron']);
  assert.deepEqual([...p.exposed.keys()], ['berth']);
  const api = p.exposed.get('berth')!;
  assert.deepEqual(Object.keys(api).sort(), [...commandNames, 'onLog', 'onNotice', 'onState'].sort());
  for (const [key, value] of Object.entries(api)) assert.equal(typeof value, 'function', key);
  assert.deepEqual(
    p.ipcListeners.map((l) => l.channel),
    ['berth:event'],
    'one listener on the event channel, none other',
  );
  assert.deepEqual(p.invokes, [], 'nothing is called before the page asks');
});

test('each command invokes berth:call with its name and the request ({} when none), returns the answer', async () => {
  const p = loadPreload();
  const api = p.exposed.get('berth')! as Record<string, Fn>;
  for (const [k, name] of commandNames.entries()) {
    const answer = await api[name]!({ probe: name });
    assert.deepEqual(p.invokes.at(-1), { channel: 'berth:call', args: [name, { probe: name }] });
    assert.deepEqual(answer, { ok: true, value: { answered: k + 1 } });
  }
  await api['state.get']!();
  const last = p.invokes.at(-1)!;
  // The default {} is made inside the preload's own context (another realm): compared by its own keys.
  assert.deepEqual([last.channel, last.args[0], Object.keys(last.args[1] as object)], ['berth:call', 'state.get', []]);
  assert.equal(last.args.length, 2);
  assert.equal(p.invokes.length, commandNames.length + 1);
});

test('onState/onLog/onNotice deliver their event only, and the returned function removes that listener', () => {
  const p = loadPreload();
  const api = p.exposed.get('berth')! as Record<string, (cb: unknown) => () => void>;
  const got: string[] = [];
  const offState = api.onState!((s: { rev: number }) => got.push(`state ${s.rev}`));
  const offOther = api.onState!((s: { rev: number }) => got.push(`other ${s.rev}`));
  const offLog = api.onLog!((l: { id: string }) => got.push(`log ${l.id}`));
  const offNotice = api.onNotice!((n: { id: string }) => got.push(`notice ${n.id}`));
  for (const off of [offState, offOther, offLog, offNotice]) assert.equal(typeof off, 'function');

  p.push('state', { rev: 1 });
  p.push('log', { id: 'web-1' });
  p.push('notice', { id: 'n1' });
  p.push('unknown', { id: 'x' });
  p.push({ toString: () => 'state' }, { rev: 99 });
  assert.deepEqual(got, ['state 1', 'other 1', 'log web-1', 'notice n1']);

  got.length = 0;
  assert.equal(offState(), undefined);
  offLog();
  offNotice();
  p.push('state', { rev: 2 });
  p.push('log', { id: 'web-1' });
  p.push('notice', { id: 'n2' });
  assert.deepEqual(got, ['other 2'], 'only the listener still subscribed is called');
  offState();
  offOther();
  p.push('state', { rev: 3 });
  assert.deepEqual(got, ['other 2']);
  assert.throws(() => api.onState!('not a function'), { name: 'TypeError' });
});
