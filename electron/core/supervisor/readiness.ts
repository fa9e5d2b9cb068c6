import { connect } from 'node:net';
import { request } from 'node:http';

/** A TCP connect to the port on loopback (IPv4, then IPv6). */
export async function probeTcp(port: number, timeoutMs = 500): Promise<boolean> {
  for (const host of ['127.0.0.1', '::1']) if (await connectOnce(port, host, timeoutMs)) return true;
  return false;
}

function connectOnce(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host });
    const done = (ok: boolean): void => {
      // end() sends FIN rather than RST, so a server with sloppy error handling is not hurt by the probe.
      if (ok) s.end();
      else s.destroy();
      s.on('error', () => {});
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** GET http://localhost:port/path; ready when the status matches (or, with none given, is below 500). */
export function probeHttp(port: number, path: string, status: number | undefined, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(status !== undefined ? code === status : code > 0 && code < 500);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}
