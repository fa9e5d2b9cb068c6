import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedExternalUrl } from '../../../electron/shell/logic/open-external.js';

const known = ['http://localhost:3001', 'http://127.0.0.1:8000/', 'https://[::1]:8443/app'];

test('loopback pages of known instances open, any path', () => {
  assert.deepEqual(
    [
      'http://localhost:3001/',
      'http://localhost:3001/docs?x=1#top',
      'http://LOCALHOST:3001/',
      'http://127.0.0.1:8000/admin',
      'https://[::1]:8443/',
    ].map((u) => isAllowedExternalUrl(u, known)),
    [true, true, true, true, true],
  );
});

test('anything else is refused', () => {
  const refused = [
    'http://localhost:3002/', // no such instance
    'https://localhost:3001/', // other scheme, other origin
    'http://127.0.0.1:3001/', // same port, other host: another origin
    'http://example.com:3001/',
    'http://localhost.evil.com:3001/',
    'http://user:pw@localhost:3001/',
    'http://0.0.0.0:8000/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://127.0.0.1/share',
    'not a url',
    '',
  ];
  assert.deepEqual(
    refused.map((u) => [u, isAllowedExternalUrl(u, known)]),
    refused.map((u) => [u, false]),
  );
});

test('a known URL that is not loopback does not make its origin openable', () => {
  assert.equal(isAllowedExternalUrl('http://example.com/', ['http://example.com/']), false);
  assert.equal(isAllowedExternalUrl('http://localhost:3001/', []), false);
});
