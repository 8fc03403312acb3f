import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { createGatewayMetrics } from '../metrics';
import { ClientRegistry } from '../streams/clients';
import { TopicRequester } from './requests';
import { createTopicResolver } from './resolver';

/** A resolver whose coordinator never answers (requests wait until the test answers or aborts them). */
function setup(pendingRequestsPerApp: number) {
  const clients = new ClientRegistry(
    { connectionsPerApp: 10, subscriptionsPerApp: 10, pendingRequestsPerApp },
    createGatewayMetrics(createMetricsRegistry('test')),
  );
  const requester = new TopicRequester({ send: async () => {}, timeoutMs: 60_000 });
  const resolver = createTopicResolver({
    namespace: '',
    registry: { get: () => undefined },
    requester,
    reservePending: (appId) => clients.reservePending(appId),
  });
  const spec = (symbol: string) => ({ kind: 'ticks', symbols: [symbol], quote: 'USD' });
  return { resolver, requester, spec };
}

describe('topic resolution limits per app', () => {
  it('refuses (429) an app that already waits for N new topics; other apps and later requests pass', async () => {
    const { resolver, requester, spec } = setup(2);
    const waiting = [
      resolver.resolve({ spec: spec('AAA') }, 'a'),
      resolver.resolve({ spec: spec('BBB') }, 'a'),
    ];
    const outcomes = waiting.map((p) => p.catch((e: unknown) => e));
    await expect(resolver.resolve({ spec: spec('CCC') }, 'a')).rejects.toMatchObject({
      status: 429,
      code: 'too_many_pending_requests',
    });
    const other = resolver.resolve({ spec: spec('CCC') }, 'b').catch((e: unknown) => e);
    requester.abortAll();
    expect(await Promise.all(outcomes)).toEqual([
      expect.objectContaining({ code: 'shutting_down' }),
      expect.objectContaining({ code: 'shutting_down' }),
    ]);
    expect(await other).toMatchObject({ code: 'shutting_down' });
    // The answered requests gave their places back.
    const again = resolver.resolve({ spec: spec('DDD') }, 'a').catch((e: unknown) => e);
    const third = resolver.resolve({ spec: spec('EEE') }, 'a').catch((e: unknown) => e);
    requester.abortAll();
    expect(await again).toMatchObject({ code: 'shutting_down' });
    expect(await third).toMatchObject({ code: 'shutting_down' });
  });

  it('does not count a spec whose topic is already active', async () => {
    const { spec } = setup(1);
    const clients = new ClientRegistry(
      { connectionsPerApp: 10, subscriptionsPerApp: 10, pendingRequestsPerApp: 1 },
      createGatewayMetrics(createMetricsRegistry('test')),
    );
    const resolver = createTopicResolver({
      namespace: '',
      registry: {
        get: (topic) => ({ topic, status: 'active', retentionMs: 1000 }) as never,
      },
      requester: new TopicRequester({ send: async () => {}, timeoutMs: 60_000 }),
      reservePending: (appId) => clients.reservePending(appId),
    });
    const resolved = await Promise.all([1, 2, 3].map(() => resolver.resolve({ spec: spec('AAA') }, 'a')));
    expect(resolved.map((r) => r.retentionMs)).toEqual([1000, 1000, 1000]);
  });
});
