import { syntheticPairs } from '../data/synthetic-ticks';
import type { Benchmark } from '../harness/benchmark';
import { httpRequest } from '../harness/http';
import { benchNamespace, cleanNamespace } from '../harness/kafka';
import { openFilesLimit } from '../harness/limits';
import { BENCH_API_KEY, startPlatform } from '../harness/platform';
import { check, figure } from '../harness/result';
import { ratio } from '../harness/stats';
import { busyPhase, type FanoutSizes, type FanoutTarget, idlePhase, startBareFanout } from './fanout-phases';

const KB = 1024;

/** Asks the gateway for the stream of a spec; the coordinator creates and activates its topic. */
export async function requestStream(gatewayUrl: string, spec: unknown): Promise<string> {
  const reply = await httpRequest(`${gatewayUrl}/v1/streams`, {
    method: 'POST',
    headers: { 'x-api-key': BENCH_API_KEY },
    body: { spec },
    timeoutMs: 30_000,
  });
  if (reply.status !== 200)
    throw new Error(`POST /v1/streams answered ${reply.status}: ${reply.body.slice(0, 300)}`);
  return (JSON.parse(reply.body) as { topic: string }).topic;
}

async function phases(ctx: Parameters<Benchmark['run']>[0], target: FanoutTarget, sizes: FanoutSizes) {
  const idle = await idlePhase(ctx, target, sizes);
  const sse = await busyPhase(ctx, target, 'sse', sizes);
  const ws = await busyPhase(ctx, target, 'ws', sizes);
  return { idle, sse, ws };
}

/**
 * 4. Gateway fan-out: 1,000 SSE clients, then 1,000 WebSocket clients, on one topic at 100 msgs/s,
 * and 10,000 mostly idle clients (1 msg/s) for the memory per connection. Baseline: a bare Node
 * server (kafkajs consumer + `ws`) fanning the same topic out to the same clients.
 */
export const gatewayFanout: Benchmark = {
  name: 'gateway-fanout',
  title: '4. Gateway fan-out (topic -> dynamic-gateway -> SSE / WebSocket clients)',
  async run(ctx) {
    const smoke = ctx.mode === 'smoke';
    const notes: string[] = [];
    const limit = openFilesLimit();
    let idleClients = smoke ? 100 : 10_000;
    if (limit !== null && limit < idleClients + 2_000) {
      idleClients = Math.max(100, limit - 2_000);
      notes.push(`open-files limit ${limit}: idle clients reduced to ${idleClients} (raise ulimit -n)`);
    }
    const sizes: FanoutSizes = {
      busyClients: smoke ? 20 : 1_000,
      idleClients,
      warmupMs: smoke ? 500 : 3_000,
      measureMs: smoke ? 1_500 : 15_000,
      settleMs: smoke ? 500 : 5_000,
    };
    const namespace = benchNamespace('fanout');
    const pairs = syntheticPairs(10);
    const spec = { kind: 'ticks', quote: 'USD', symbols: pairs.map((p) => p.base) };
    try {
      const platform = await startPlatform(ctx, { namespace, services: ['coordinator', 'dynamic-gateway'] });
      const gateway = platform.get('dynamic-gateway');
      const topic = await requestStream(gateway.baseUrl, spec);
      const gw = await phases(
        ctx,
        { label: 'gateway', pid: gateway.pid, baseUrl: gateway.baseUrl, topic },
        sizes,
      );
      await platform.stop();
      notes.push(...(await platform.problems()));
      ctx.log('baseline: bare fan-out server');
      const bare = await startBareFanout(ctx, topic);
      const base = await phases(
        ctx,
        { label: 'bare', pid: bare.worker.pid, baseUrl: `http://127.0.0.1:${bare.port}`, topic },
        sizes,
      );
      bare.worker.send({ cmd: 'stop' });
      await bare.worker.result(30_000);
      for (const [name, r] of Object.entries({
        'gateway idle': gw.idle,
        'gateway sse': gw.sse,
        'gateway ws': gw.ws,
      }))
        if (Object.keys(r.endings).length > 0)
          notes.push(`${name}: clients ended early: ${JSON.stringify(r.endings)}`);
      const expected = sizes.busyClients * 100;
      const perConnKb = gw.idle.perConnection === null ? null : gw.idle.perConnection / KB;
      const bestRate = Math.min(gw.sse.deliveriesPerSecond, gw.ws.deliveriesPerSecond);
      const worstP99 = Math.max(gw.sse.latency.p99 ?? Infinity, gw.ws.latency.p99 ?? Infinity);
      return {
        figures: [
          figure(
            'sseDeliveriesPerSecond',
            `SSE, ${sizes.busyClients} clients: deliveries`,
            gw.sse.deliveriesPerSecond,
            'msgs/s',
          ),
          figure('sseLatencyP50', 'SSE delivery latency p50', gw.sse.latency.p50, 'ms'),
          figure('sseLatencyP99', 'SSE delivery latency p99', gw.sse.latency.p99, 'ms'),
          figure(
            'wsDeliveriesPerSecond',
            `WebSocket, ${sizes.busyClients} clients: deliveries`,
            gw.ws.deliveriesPerSecond,
            'msgs/s',
          ),
          figure('wsLatencyP50', 'WebSocket delivery latency p50', gw.ws.latency.p50, 'ms'),
          figure('wsLatencyP99', 'WebSocket delivery latency p99', gw.ws.latency.p99, 'ms'),
          figure('sseGatewayCpu', 'gateway CPU during the SSE phase', gw.sse.serverCpuCores, 'cores'),
          figure('wsGatewayCpu', 'gateway CPU during the WebSocket phase', gw.ws.serverCpuCores, 'cores'),
          figure('idleClientsReady', 'idle clients connected', gw.idle.ready, 'clients'),
          figure(
            'idleDeliveriesPerSecond',
            'idle clients: deliveries (1 msg/s each)',
            gw.idle.deliveriesPerSecond,
            'msgs/s',
          ),
          figure('idleLatencyP99', 'idle clients: delivery latency p99', gw.idle.latency.p99, 'ms'),
          figure('memoryPerIdleConnection', 'gateway RSS per idle connection', perConnKb, 'KiB'),
        ],
        baseline: {
          description:
            'bare Node server: one kafkajs consumer writing each batch as-is to every SSE response / ws socket',
          figures: [
            figure('bareSseDeliveriesPerSecond', 'SSE deliveries', base.sse.deliveriesPerSecond, 'msgs/s'),
            figure('bareSseLatencyP99', 'SSE latency p99', base.sse.latency.p99, 'ms'),
            figure(
              'bareWsDeliveriesPerSecond',
              'WebSocket deliveries',
              base.ws.deliveriesPerSecond,
              'msgs/s',
            ),
            figure('bareWsLatencyP99', 'WebSocket latency p99', base.ws.latency.p99, 'ms'),
            figure('bareSseCpu', 'server CPU during the SSE phase', base.sse.serverCpuCores, 'cores'),
            figure('bareWsCpu', 'server CPU during the WebSocket phase', base.ws.serverCpuCores, 'cores'),
            figure(
              'bareMemoryPerIdleConnection',
              'RSS per idle connection',
              base.idle.perConnection === null ? null : base.idle.perConnection / KB,
              'KiB',
            ),
          ],
        },
        ratios: [
          {
            key: 'sseDeliveries',
            label: 'SSE deliveries gateway / bare',
            value: ratio(gw.sse.deliveriesPerSecond, base.sse.deliveriesPerSecond),
            better: 'higher',
          },
          {
            key: 'wsDeliveries',
            label: 'WS deliveries gateway / bare',
            value: ratio(gw.ws.deliveriesPerSecond, base.ws.deliveriesPerSecond),
            better: 'higher',
          },
          {
            key: 'sseP99',
            label: 'SSE p99 gateway / bare',
            value: ratio(gw.sse.latency.p99, base.sse.latency.p99),
            better: 'lower',
          },
          {
            key: 'wsP99',
            label: 'WS p99 gateway / bare',
            value: ratio(gw.ws.latency.p99, base.ws.latency.p99),
            better: 'lower',
          },
          {
            key: 'memoryPerConnection',
            label: 'memory per idle connection gateway / bare',
            value: ratio(gw.idle.perConnection, base.idle.perConnection),
            better: 'lower',
          },
        ],
        targets: [
          check(
            `100,000 deliveries/s from one gateway (offered: ${expected.toLocaleString('en-US')}/s per transport)`,
            bestRate,
            (v) => v >= 100_000,
          ),
          check('delivery p99 < 100 ms', Number.isFinite(worstP99) ? worstP99 : null, (v) => v < 100),
          check('< 30 KB gateway memory per idle connection', perConnKb, (v) => v * KB < 30_000),
        ],
        parameters: {
          ...sizes,
          messagesPerSecond: 100,
          idleMessagesPerSecond: 1,
          topicPartitions: 'coordinator default',
          spec,
        },
        notes,
      };
    } finally {
      await cleanNamespace(ctx.brokers, namespace).catch(() => {});
    }
  },
};
