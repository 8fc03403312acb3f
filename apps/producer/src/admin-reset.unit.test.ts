import { createHealthServer, type HealthServer } from '@mdp/runtime/http-server';
import { createLogger } from '@mdp/runtime/logger';
import { Secret } from '@mdp/runtime/secret';
import { adminResetRoute } from './admin-reset';

const TOKEN = 'producer-admin-token-0123456789';
const logger = createLogger({ service: 'producer-test', level: 'silent' });

describe('POST /admin/reset', () => {
  let server: HealthServer | undefined;
  let resets = 0;

  async function start(token: Secret | undefined) {
    server = createHealthServer({ port: 0, host: '127.0.0.1', logger });
    server.addRoute(
      adminResetRoute(token, () => {
        resets += 1;
      }),
    );
    return `http://127.0.0.1:${await server.start()}/admin/reset`;
  }

  afterEach(async () => {
    await server?.stop();
    resets = 0;
  });

  it('refuses a missing or wrong token with 401 and resets nothing', async () => {
    const url = await start(new Secret(TOKEN));
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: TOKEN },
    ]) {
      const res = await fetch(url, { method: 'POST', headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="producer-admin"');
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(resets).toBe(0);
  });

  it('resets with the right token, POST only', async () => {
    const url = await start(new Secret(TOKEN));
    const authorization = `Bearer ${TOKEN}`;
    const res = await fetch(`${url}?x=1`, { method: 'POST', headers: { authorization } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'reset sent' });
    expect((await fetch(url, { headers: { authorization } })).status).toBe(405);
    expect(resets).toBe(1);
  });

  it('is disabled (503) when no token is configured', async () => {
    const url = await start(undefined);
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer anything-at-all-0123' },
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'admin_disabled' } });
    expect(resets).toBe(0);
  });
});
