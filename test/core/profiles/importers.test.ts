import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFolder } from '../../../electron/core/profiles/importers.js';
import { parseEnvFile } from '../../../electron/core/profiles/env-file.js';
import { validateProfile } from '../../../electron/core/profiles/validate.js';
import { makeTempDir } from '../../helpers/temp.js';

const tmp = makeTempDir();
after(() => tmp.remove());

function folder(name: string, files: Record<string, string>): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

test('package.json: dev/start/serve scripts, framework port arguments, npm needs --', () => {
  const dir = folder('My Shop', {
    'package.json': JSON.stringify({
      scripts: { dev: 'vite', start: 'next start', serve: 'node server.js', build: 'vite build' },
    }),
  });
  const { drafts } = importFolder(dir);
  assert.deepEqual(
    drafts.map((d) => [d.profile.name, d.profile.command, d.profile.args, d.profile.ports]),
    [
      ['my-shop-dev', 'npm run dev --', ['--port', '{PORT}', '--strictPort'], [{ name: 'PORT', preferred: 5173 }]],
      ['my-shop-start', 'npm run start --', ['-p', '{PORT}'], [{ name: 'PORT', preferred: 3000 }]],
      ['my-shop-serve', 'npm run serve', undefined, [{ name: 'PORT' }]],
    ],
  );
  for (const d of drafts) assert.equal(validateProfile(d.profile).ok, true);
});

test('astro, nuxt and remix are recognised; pnpm passes arguments through', () => {
  const dir = folder('fw', {
    'pnpm-lock.yaml': '',
    'package.json': JSON.stringify({ scripts: { dev: 'astro dev', start: 'nuxi dev', serve: 'remix vite:dev' } }),
  });
  const d = importFolder(dir).drafts;
  assert.deepEqual(
    d.map((x) => [x.profile.command, (x.profile.ports as { preferred?: number }[])[0]?.preferred]),
    [
      ['pnpm run dev', 4321],
      ['pnpm run start', 3000],
      ['pnpm run serve', 5173],
    ],
  );
  assert.match(d[0]!.note, /astro ignores PORT/);
});

test('Procfile: one profile per process, PORT only for web (read from .env); other *_PORT stay env values', () => {
  const dir = folder('proc', {
    Procfile: 'web: gunicorn app:app --bind 0.0.0.0:$PORT\nworker: celery -A app worker\n',
    '.env': 'PORT=8000\nAPI_PORT=8001\nSECRET="a b"\n',
  });
  const { drafts, notes, leftAlone } = importFolder(dir);
  assert.deepEqual(
    drafts.map((d) => [d.profile.name, d.profile.command, d.profile.ports, d.profile.envFile]),
    [
      ['proc-web', 'gunicorn app:app --bind 0.0.0.0:$PORT', [{ name: 'PORT' }], '.env'],
      ['proc-worker', 'celery -A app worker', [], '.env'],
    ],
  );
  assert.match(notes[0]!, /\.env sets PORT=8000: the profile reads it from \.env/);
  assert.deepEqual(
    leftAlone.map((l) => [l.name, l.value]),
    [['API_PORT', '8001']],
  );
});

test('an empty folder says there is nothing to import', () => {
  const { drafts, notes } = importFolder(folder('empty', {}));
  assert.deepEqual(drafts, []);
  assert.match(notes[0]!, /Nothing to import/);
});

test('.env parsing: export, quotes, comments', () => {
  assert.deepEqual(
    parseEnvFile('# c\nexport A=1\nB="x\\ny" \nC=\'z # not a comment\'\nD=plain # comment\nbad line\n'),
    { A: '1', B: 'x\ny', C: 'z # not a comment', D: 'plain' },
  );
});
