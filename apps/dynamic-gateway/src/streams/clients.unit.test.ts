import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { createGatewayMetrics, type Transport } from '../metrics';
import { ClientRegistry, type SubscriptionInfo } from './clients';

function subscription(id: string, transport: Transport, depth: number): SubscriptionInfo {
  return { id, appId: 'app', topic: 'dyn.t', transport, depth: () => depth, close: () => {} };
}

async function bufferSeries(registry: ReturnType<typeof createMetricsRegistry>) {
  const metrics = await registry.getMetricsAsJSON();
  return metrics
    .filter((m) => m.name.startsWith('gateway_client_buffer'))
    .flatMap((m) => m.values.map((v) => ({ name: m.name, labels: v.labels, value: v.value })));
}

describe('buffer depth metrics', () => {
  const setup = () => {
    const registry = createMetricsRegistry('test', { defaultMetrics: false });
    const clients = new ClientRegistry(
      { connectionsPerApp: 10, subscriptionsPerApp: 10, pendingRequestsPerApp: 10 },
      createGatewayMetrics(registry),
    );
    return { registry, clients };
  };

  it('reports the deepest and the summed buffer per transport, never a series per subscription', async () => {
    const { registry, clients } = setup();
    clients.add(subscription('s1', 'sse', 3));
    clients.add(subscription('s2', 'sse', 5));
    clients.add(subscription('w1', 'ws', 2));
    clients.collectDepths();
    const series = await bufferSeries(registry);
    const value = (name: string, transport: Transport) =>
      series.find((s) => s.name === name && s.labels.transport === transport)?.value;
    expect(value('gateway_client_buffer_depth_max', 'sse')).toBe(5);
    expect(value('gateway_client_buffered_messages', 'sse')).toBe(8);
    expect(value('gateway_client_buffer_depth_max', 'ws')).toBe(2);
    expect(value('gateway_client_buffer_depth_max', 'webhook')).toBe(0);
    expect(value('gateway_client_buffered_messages', 'webhook')).toBe(0);
    // Three transports times two gauges, whatever the number of subscriptions.
    expect(series).toHaveLength(6);
    expect(series.every((s) => Object.keys(s.labels).sort().join() === 'service,transport')).toBe(true);
  });

  it('drops a removed subscription from the next scrape', async () => {
    const { registry, clients } = setup();
    const remove = clients.add(subscription('s1', 'sse', 7));
    clients.add(subscription('s2', 'sse', 1));
    remove();
    clients.collectDepths();
    const series = await bufferSeries(registry);
    expect(
      series.find((s) => s.name === 'gateway_client_buffer_depth_max' && s.labels.transport === 'sse')?.value,
    ).toBe(1);
  });
});
