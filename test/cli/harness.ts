import { createCliApi, type CliApi } from '../../electron/cli/cli-api.js';
import { unchecked } from '../../electron/contract/api.js';
import type { CliContext } from '../../electron/cli/context.js';
import { makeTempDir } from '../helpers/temp.js';

type Look = Partial<Pick<CliContext, 'isTTY' | 'color' | 'width'>>;
export type Captured = { ctx: CliContext; stdout: () => string; stderr: () => string; close: () => Promise<void> };

/**
 * A real CLI context in this process: the CLI's own transport with a data dir of its own (port
 * commands run on the in-process port engine; no host is started by them), output captured.
 */
export function captureCli(look: Look = {}): Captured {
  const home = makeTempDir();
  const cli: CliApi = createCliApi(home.dir, () => {});
  return {
    ...captureContext(cli.api, look),
    close: async () => {
      await cli.close();
      home.remove();
    },
  };
}

/** A CLI context on `api` (no terminal, no colour, unless `look` says otherwise) whose output is kept. */
export function captureContext(api: CliContext['api'], look: Look = {}): Omit<Captured, 'close'> {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    api,
    raw: unchecked(api),
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += `${t}\n`),
    isTTY: false,
    color: false,
    width: null,
    ...look,
  };
  return { ctx, stdout: () => out, stderr: () => err };
}
