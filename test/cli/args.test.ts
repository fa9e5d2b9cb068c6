import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinOptionValues, parseCommandArgs } from '../../electron/cli/args.js';
import { PROFILE_FLAGS, applyProfileFlags } from '../../electron/cli/profile-commands.js';
import { UsageError } from '../../electron/cli/exit.js';

test("--arg --port --arg {PORT} (Berth's own hint) parses: the token after a value-taking option is its value", () => {
  const { values } = parseCommandArgs(
    ['web', '--cmd', 'npx vite', '--arg', '--port', '--arg', '{PORT}', '--arg', '-x'],
    PROFILE_FLAGS,
    1,
  );
  assert.deepEqual(values.arg, ['--port', '{PORT}', '-x']);
  assert.deepEqual(applyProfileFlags({ name: 'web' }, values).args, ['--port', '{PORT}', '-x']);
});

test('negative numbers reach the validator as numbers, as option values and as positionals', () => {
  const { values } = parseCommandArgs(['web', '--ready-timeout', '-1', '--stop-timeout', '-2.5'], PROFILE_FLAGS, 1);
  const p = applyProfileFlags({ name: 'web' }, values);
  assert.deepEqual([p.readyTimeout, p.stopTimeout], [-1, -2.5]);
  assert.deepEqual(parseCommandArgs(['-1'], {}, 1).positionals, ['-1']);
  assert.deepEqual(parseCommandArgs(['-n', '-3'], { n: { type: 'string', short: 'n' } }, 0).values.n, '-3');
});

test('boolean options and -- are left alone; --name=value passes through', () => {
  assert.deepEqual(
    joinOptionValues(['--yes', '--timeout', '5', '--', '--timeout'], {
      yes: { type: 'boolean' },
      timeout: { type: 'string' },
    }),
    ['--yes', '--timeout=5', '--', '--timeout'],
  );
  assert.deepEqual(joinOptionValues(['--cmd=a b'], { cmd: { type: 'string' } }), ['--cmd=a b']);
});

test('an unknown option suggests the nearest one; a missing value says so', () => {
  const fail = (argv: string[]): string => {
    try {
      parseCommandArgs(argv, PROFILE_FLAGS, 1);
    } catch (e) {
      assert.ok(e instanceof UsageError);
      return e.message;
    }
    return assert.fail('no error');
  };
  assert.equal(fail(['web', '--prot', '3000']), "unknown option '--prot'. Did you mean '--port'?");
  assert.equal(fail(['web', '--ready-timout=5']), "unknown option '--ready-timout'. Did you mean '--ready-timeout'?");
  assert.equal(fail(['web', '--zzzzzz']), "unknown option '--zzzzzz'");
  assert.equal(fail(['web', '--cmd']), '--cmd needs a value');
  assert.equal(fail(['web', '--pin=yes']), '--pin takes no value');
  assert.equal(fail(['web', 'extra']), "unexpected argument 'extra'");
});

test('--env-file and --envfile both set the env file, resolved from the current folder like --cwd', () => {
  const a = applyProfileFlags(
    { name: 'web' },
    parseCommandArgs(['web', '--env-file', 'conf/.env'], PROFILE_FLAGS, 1).values,
  );
  const b = applyProfileFlags(
    { name: 'web' },
    parseCommandArgs(['web', '--envfile', 'conf/.env'], PROFILE_FLAGS, 1).values,
  );
  assert.equal(a.envFile, `${process.cwd()}/conf/.env`);
  assert.equal(b.envFile, a.envFile);
});
