import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance, nearest } from '../../electron/cli/suggest.js';
import { commandNames } from '../../electron/cli/main.js';
import { commandHelp } from '../../electron/cli/command-help.js';

test('what users of other tools type maps to Berth commands', () => {
  assert.deepEqual(nearest('kill', commandNames), ['free', 'stop']);
  assert.deepEqual(nearest('list', commandNames), ['status', 'profile ls']);
  assert.deepEqual(nearest('rm', commandNames), ['profile rm']);
  assert.equal(didYouMean('kill', commandNames, 'berth '), " Did you mean 'berth free' or 'berth stop'?");
});

test('typos are found by edit distance, a swap of neighbours counting once', () => {
  assert.equal(editDistance('prot', 'port'), 1);
  assert.equal(editDistance('stauts', 'status'), 1);
  assert.equal(nearest('stauts', commandNames)[0], 'status');
  assert.equal(nearest('strat', commandNames)[0], 'start');
  assert.deepEqual(nearest('prot', ['port', 'policy', 'pin']), ['port']);
  assert.deepEqual(nearest('frobnicate', commandNames), []);
  assert.equal(didYouMean('frobnicate', commandNames), '');
});

test('every command, and the ls alias, has its own help with a usage line and options', () => {
  for (const name of commandNames) {
    const text = commandHelp(name);
    assert.ok(text, `help for ${name}`);
    assert.match(text, /^Usage:/);
    if (!['serve'].includes(name)) assert.match(text, /--json|--follow/, `${name} lists its options`);
  }
  assert.equal(commandHelp('ls'), commandHelp('status'));
  assert.equal(commandHelp('nope'), undefined);
});
