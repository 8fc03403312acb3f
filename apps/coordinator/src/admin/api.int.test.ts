import { dynamicTopicName } from '@mdp/contracts/topic-names';
import type { CoordinatorApp } from '../app';
import { ControlClient, newNamespace } from '../testing/control-client';
import { ADMIN_TOKEN, eventually, startCoordinator } from '../testing/test-app';

jest.setTimeout(90_000);

const ns = newNamespace();
const client = new ControlClient(ns);
let app: CoordinatorApp;
let base: string;

beforeAll(async () => {
  app = await startCoordinator(ns, { RETIRE_GRACE_MS: '1000' });
  base = `http://127.0.0.1:${app.port()}`;
  await client.start();
});

afterAll(async () => {
  await app?.stop();
  await client.cleanup();
});

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
type ErrorBody = { error: { code: string; message: unknown; issues?: unknown } };
const call = async (
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string } = {},
) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: opts.headers ?? auth,
    ...(opts.body ? { body: opts.body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
};
const json = (body: unknown) => ({
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('admin API', () => {
  it('refuses every admin route without the right token', async () => {
    for (const [method, path] of [
      ['GET', '/admin/topics'],
      ['GET', '/admin/state'],
      ['POST', '/admin/topics'],
      ['DELETE', '/admin/topics/x'],
      ['POST', '/admin/machines/coordinator/reset'],
      ['GET', '/admin/nothing-here'],
    ] as const) {
      const none = await call(method, path, { headers: {} });
      expect(none).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      const wrong = await call(method, path, { headers: { authorization: 'Bearer not-the-token-at-all' } });
      expect(wrong.status).toBe(401);
    }
    expect((await call('GET', '/admin/state', { headers: { authorization: ADMIN_TOKEN } })).status).toBe(401);
  });

  it('has no /admin/reset alias: RESET goes by machine id', async () => {
    expect(await call('POST', '/admin/reset')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
  });

  it('shows the machine state and role', async () => {
    const state = await eventually(async () => {
      const r = await call('GET', '/admin/state');
      return r.body.role === 'active' ? r : null;
    });
    expect(state).toMatchObject({
      status: 200,
      body: { role: 'active', state: 'active', failure: null, registry: { caughtUp: true } },
    });
  });

  it('requests a topic, lists it, shows it, retires it', async () => {
    const created = await call(
      'POST',
      '/admin/topics',
      json({ appId: 'ops', spec: { kind: 'ticks', symbols: ['BTC'], quote: 'EUR' } }),
    );
    const topic = dynamicTopicName(
      { kind: 'ticks', symbols: ['BTC'], quote: 'EUR', market: 'CCCAGG', samplingMs: 0 },
      ns,
    );
    expect(created).toMatchObject({ status: 200, body: { status: 'active', topic, partitions: 2 } });

    const list = await call('GET', '/admin/topics');
    expect(list.status).toBe(200);
    expect(list.body.topics).toEqual([
      expect.objectContaining({ topic, status: 'active', requestedBy: ['ops'], subscribers: 0 }),
    ]);

    const one = await call('GET', `/admin/topics/${encodeURIComponent(topic)}`);
    expect(one).toMatchObject({ status: 200, body: { topic, status: 'active', spec: { symbols: ['BTC'] } } });
    expect(typeof one.body.ageMs).toBe('number');

    const retired = await call('DELETE', `/admin/topics/${topic}`);
    expect(retired).toMatchObject({ status: 200, body: { topic, status: 'retiring', reason: 'admin' } });
    await client.waitFor(
      client.events,
      (e) => e.type === 'TopicRetiring' && e.data.topic === topic && e.data.reason === 'admin',
    );
    await client.record(topic, (r) => r === null);
    expect(await client.topicExists(topic)).toBe(false);
    expect((await call('GET', `/admin/topics/${topic}`)).status).toBe(404);
  });

  it('answers every bad request with a precise 4xx', async () => {
    const spec = { kind: 'ticks', symbols: ['BTC'], quote: 'EUR' };
    const cases: Array<[Promise<{ status: number; body: Record<string, unknown> }>, number, string]> = [
      [
        call('POST', '/admin/topics', { headers: auth, body: JSON.stringify({ spec }) }),
        415,
        'unsupported_media_type',
      ],
      [
        call('POST', '/admin/topics', {
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{oops',
        }),
        400,
        'invalid_json',
      ],
      [call('POST', '/admin/topics', json({ spec, extra: 1 })), 422, 'invalid_request'],
      [call('POST', '/admin/topics', json({ appId: '../etc', spec })), 422, 'invalid_request'],
      [call('POST', '/admin/topics', json({ spec: { ...spec, symbols: ['B T C'] } })), 422, 'invalid_spec'],
      [call('POST', '/admin/topics', json({ spec: 'x'.repeat(70_000) })), 413, 'body_too_large'],
      [call('PUT', '/admin/topics'), 405, 'method_not_allowed'],
      [call('GET', '/admin/topics/control.topics.v1'), 404, 'unknown_topic'],
      [call('GET', '/admin/topics/%E0%A4%A'), 400, 'invalid_topic_name'],
      [call('DELETE', `/admin/topics/${ns}.dyn.ticks.nothing.0123456789abcdef`), 404, 'unknown_topic'],
      [call('GET', '/admin/unknown'), 404, 'not_found'],
    ];
    for (const [pending, status, error] of cases) {
      const r = await pending;
      const body = r.body as ErrorBody;
      expect({ status: r.status, error: body.error.code }).toEqual({ status, error });
      expect(typeof body.error.message).toBe('string');
    }
    const invalid = await call('POST', '/admin/topics', json({ spec: { ...spec, symbols: ['B T C'] } }));
    expect((invalid.body as ErrorBody).error.issues).toEqual([
      expect.objectContaining({ path: 'symbols.0' }),
    ]);
  });

  it('serves health, readiness and metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('coordinator_topics{status="active"');
    expect(metrics).toContain('coordinator_requests_total{type="RequestTopic",outcome="created"');
    expect(metrics).toContain('coordinator_request_to_active_seconds_bucket');
    expect(metrics).toMatch(/coordinator_active(\{[^}]*\})? 1/);
  });
});
