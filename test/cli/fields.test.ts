import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameFields, profileFieldNames } from '../../electron/cli/fields.js';

test("the contract's field paths become the user's flags", () => {
  const names = profileFieldNames([{ name: 'PORT' }]);
  assert.equal(
    nameFields('ports.0.preferred: must be from 1 to 65535, got 0', names),
    '--port: must be from 1 to 65535, got 0',
  );
  assert.equal(
    nameFields('ports.0.range.1: must be from 1 to 65535, got 0', names),
    '--range: must be from 1 to 65535, got 0',
  );
  assert.equal(
    nameFields('readyTimeout: must not be negative; command: must not be empty', names),
    '--ready-timeout: must not be negative; --cmd: must not be empty',
  );
  assert.equal(nameFields('envFile: /x/.env does not exist', names), '--env-file: /x/.env does not exist');
});

test('with several port variables the flag names the variable', () => {
  const names = profileFieldNames([{ name: 'PORT' }, { name: 'API_PORT' }]);
  assert.equal(
    nameFields('ports.1.preferred: must be from 1 to 65535, got 0', names),
    '--port API_PORT: must be from 1 to 65535, got 0',
  );
});

test('indices match any element; unknown paths and the text after "; " inside a message are left alone', () => {
  const names = { exclude: '--exclude', from: '--from' };
  assert.equal(
    nameFields('exclude.1: must be from 1 to 65535, got 0', names),
    '--exclude: must be from 1 to 65535, got 0',
  );
  assert.equal(
    nameFields('from: 9 is greater than to (3); swap them', names),
    '--from: 9 is greater than to (3); swap them',
  );
  assert.equal(nameFields('other: bad', names), 'other: bad');
});
