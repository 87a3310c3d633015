/**
 * The embedded Temporal server's gRPC port (TEMPORAL_PORT) answers anyone who reaches it, without a token:
 * histories (ids, activity types, failure messages; payloads encrypted), and commands such as terminate. So
 * `npm start` (startService) keeps it on the loopback interface: a guard that the default stays so while the
 * HTTP API listens on every interface (HOST, default 0.0.0.0).
 */
import * as net from 'node:net';
import * as os from 'node:os';
import { startTestService, type TestService } from '../support/service';

let netral: TestService;

beforeAll(async () => {
  netral = await startTestService('api_temporal_port');
}, 120_000);
afterAll(async () => {
  await netral?.stop();
});

/** Whether a TCP connection to host:port is accepted (true) or refused (false). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(5_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

it('binds the embedded Temporal server to 127.0.0.1 only', async () => {
  const [host, port] = netral.service.temporalAddress.split(':');
  expect(host).toBe('127.0.0.1');
  expect(await accepts('127.0.0.1', Number(port))).toBe(true);
  // Through any other interface of this machine (where it has one), nothing listens on that port.
  const external = Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
  for (const address of external) expect(await accepts(address, Number(port))).toBe(false);
});
