import './zod-jitless.js';
import { render } from 'preact';
import { createClient } from './api.js';
import { App } from './app.js';

// The one entry of the bundle: pick the transport once, then render.
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App client={createClient()} />, root);
}
