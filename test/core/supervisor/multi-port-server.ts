/**
 * A server that listens on the ports named by environment variables, as dev servers with a second
 * port do: `node multi-port-server.js API_PORT` listens on $API_PORT; `PORT VITE_HMR_PORT@1500`
 * opens the HMR port 1.5 s after the first. Prints "listening NAME=port" per port.
 */
import { createServer } from 'node:net';

for (const arg of process.argv.slice(2)) {
  const [name, delay] = arg.split('@') as [string, string | undefined];
  const port = Number(process.env[name]);
  setTimeout(
    () => {
      createServer((c) => c.end('hi\n')).listen({ port, host: '127.0.0.1' }, () =>
        process.stdout.write(`listening ${name}=${port}\n`),
      );
    },
    Number(delay ?? 0),
  );
}
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1 << 30);
