import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandSchemas } from '../../electron/contract/commands.js';
import { commandNames } from '../../electron/contract/names.js';

test('the zod-free name list is exactly the commands of the schema map', () => {
  assert.deepEqual([...commandNames].sort(), Object.keys(commandSchemas).sort());
});
