import { startWorkerHealthServer } from './health-server';

describe('worker health server', () => {
  it('answers /health while up and /ready only while the worker runs', async () => {
    let state = 'INITIALIZED';
    const server = await startWorkerHealthServer(0, '127.0.0.1', () => state);
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };
    try {
      expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await get('/ready')).toEqual({
        status: 503,
        body: { status: 'not ready', state: 'INITIALIZED' },
      });
      state = 'RUNNING';
      expect((await get('/ready')).status).toBe(200);
      state = 'DRAINING';
      expect((await get('/ready')).status).toBe(503);
      expect((await get('/other')).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
