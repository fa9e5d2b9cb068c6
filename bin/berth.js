#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
// It imports main.js only; each command loads its own modules, so `berth --version` stays near `node -e 0`.
// The shebang stays plain `node`: `env -S node --` would keep Node 20 from reading a script's
// `--env-file` (nodejs/node#54232), but busybox env (Alpine, node:*-alpine images) has no -S and the
// CLI would not start at all. The CLI resolves --env-file from the current folder (the path Node
// checks) and accepts --envfile, which Node never reads.
import('../dist/electron/cli/main.js').then((m) => m.main(process.argv.slice(2)));
