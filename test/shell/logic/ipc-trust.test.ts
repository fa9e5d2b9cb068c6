import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSender, type IpcSender } from '../../../electron/shell/logic/ipc-trust.js';

const own: IpcSender = {
  senderFrameUrl: 'berth://app/index.html',
  isMainFrame: true,
  senderId: 7,
  trustedWebContentsId: 7,
};

test("Berth's own window, main frame, on berth://app/ is trusted", () => {
  assert.equal(isTrustedSender(own), true);
  assert.equal(isTrustedSender({ ...own, senderFrameUrl: 'berth://app/' }), true);
  assert.equal(isTrustedSender({ ...own, senderFrameUrl: 'berth://app/index.html?row=port-3000#x' }), true);
});

test('everything else is refused', () => {
  const refused: [string, Partial<IpcSender>][] = [
    ['a sub-frame', { isMainFrame: false }],
    ['about:blank', { senderFrameUrl: 'about:blank' }],
    ['file://', { senderFrameUrl: 'file:///opt/Berth/resources/app.asar/dist/renderer/index.html' }],
    ['the host HTTP page', { senderFrameUrl: 'http://127.0.0.1:49152/' }],
    ['a look-alike host', { senderFrameUrl: 'berth://app.evil/' }],
    ['another host', { senderFrameUrl: 'berth://evil/' }],
    ['credentials trick', { senderFrameUrl: 'berth://app@evil/' }],
    ['a port', { senderFrameUrl: 'berth://app:1/' }],
    ['devtools', { senderFrameUrl: 'devtools://devtools/bundled/devtools_app.html' }],
    ['a destroyed frame', { senderFrameUrl: undefined }],
    ['a null frame url', { senderFrameUrl: null }],
    ['garbage', { senderFrameUrl: 'not a url' }],
    ['another webContents', { senderId: 8 }],
    ['no trusted window yet', { trustedWebContentsId: undefined }],
  ];
  assert.deepEqual(
    refused.map(([why, change]) => [why, isTrustedSender({ ...own, ...change })]),
    refused.map(([why]) => [why, false]),
  );
});
