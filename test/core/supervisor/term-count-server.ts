/**
 * A server with a graceful shutdown, as many dev servers have: on the first SIGTERM it closes its
 * listener and exits 400 ms later. Every SIGTERM is counted and written to stdout (the instance's
 * log), so a test sees whether Berth sent it once or twice.
 */
import { createServer } from 'node:net';

let count = 0;
const server = createServer((c) => c.end('hi\n'));
process.on('SIGTERM', () => {
  count++;
  process.stdout.write(`SIGTERM ${count}\n`);
  if (count > 1) return;
  server.close();
  setTimeout(() => {
    process.stdout.write(`graceful exit after ${count} SIGTERM\n`);
    process.exit(0);
  }, 400);
});
server.listen({ port: Number(process.env.PORT ?? '0'), host: '127.0.0.1' }, () => process.stdout.write('listening\n'));
setInterval(() => {}, 1 << 30);
