import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const APP_DIR = join(__dirname, '..');

/** A port nothing listens on (bound, then released): a broker that is not up yet, or a free HTTP port. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function get(url: string): Promise<Response> {
  for (let i = 0; i < 200; i++) {
    try {
      return await fetch(url, { headers: { authorization: 'Bearer key-a-0123456789abcdef' } });
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${url} never answered`);
}

describe('a gateway process still reaching Kafka', () => {
  beforeAll(() => {
    const tsc = join(require.resolve('typescript/package.json'), '../bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: APP_DIR, stdio: 'inherit' });
  }, 120_000);

  it('answers /healthz at once (probes must not kill it), is not ready, and refuses the API with 503', async () => {
    const httpPort = await closedPort();
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: APP_DIR,
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`,
        HTTP_PORT: String(httpPort),
        LOG_LEVEL: 'silent',
        GATEWAY_API_KEYS: 'key-a-0123456789abcdef:app-a',
      },
      stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${httpPort}`;
      expect((await get(`${base}/healthz`)).status).toBe(200);
      expect((await get(`${base}/readyz`)).status).toBe(503);
      const api = await get(`${base}/v1/topics`);
      expect(api.status).toBe(503);
      expect(await api.json()).toMatchObject({ error: { code: 'not_ready' } });
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
