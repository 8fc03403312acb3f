import { syntheticPairs } from '../data/synthetic-ticks';
import type { Benchmark } from '../harness/benchmark';
import { httpRequest } from '../harness/http';
import { benchNamespace, cleanNamespace } from '../harness/kafka';
import { openFilesLimit } from '../harness/limits';
import { BENCH_API_KEY, startPlatform } from '../harness/platform';
import { busyPhase, type FanoutSizes, type FanoutTarget, idlePhase, startBareFanout } from './fanout-phases';
import { type FanoutPhases, fanoutOutcome } from './fanout-report';

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

/** The rate per topic, and a higher one to find the ceiling (at 100 msgs/s the offer is the cap). */
const RATE = 100;
const SATURATION_RATE = 250;

/** Idle, then each transport at the rate, then (full mode) each at the ceiling rate. */
async function phases(
  ctx: Parameters<Benchmark['run']>[0],
  target: FanoutTarget,
  sizes: FanoutSizes,
  ceiling: boolean,
): Promise<FanoutPhases> {
  const idle = await idlePhase(ctx, target, sizes);
  const sse = await busyPhase(ctx, target, 'sse', sizes, RATE);
  const ws = await busyPhase(ctx, target, 'ws', sizes, RATE);
  if (!ceiling) return { idle, sse, ws, sseMax: null, wsMax: null };
  const shortMeasure = Math.ceil((sizes.measureMs * 2) / 3);
  const sseMax = await busyPhase(ctx, target, 'sse', sizes, SATURATION_RATE, shortMeasure);
  const wsMax = await busyPhase(ctx, target, 'ws', sizes, SATURATION_RATE, shortMeasure);
  return { idle, sse, ws, sseMax, wsMax };
}

/**
 * 4. Gateway fan-out: 10,000 mostly idle clients (1 msg/s) for the memory per connection; 1,000 SSE
 * clients, then 1,000 WebSocket clients, on one topic at 100 msgs/s; the same at 250 msgs/s for the
 * ceiling. Baseline: a bare Node server (kafkajs consumer + `ws`) in the same phases.
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
        !smoke,
      );
      await platform.stop();
      notes.push(...(await platform.problems()));
      ctx.log('baseline: bare fan-out server');
      const bare = await startBareFanout(ctx, topic);
      const base = await phases(
        ctx,
        { label: 'bare', pid: bare.worker.pid, baseUrl: `http://127.0.0.1:${bare.port}`, topic },
        sizes,
        !smoke,
      );
      bare.worker.send({ cmd: 'stop' });
      await bare.worker.result(30_000);
      for (const [who, result] of [
        ['gateway', gw],
        ['bare', base],
      ] as const)
        for (const [phase, r] of Object.entries(result))
          if (r && Object.keys(r.endings).length > 0)
            notes.push(`${who} ${phase}: clients ended early: ${JSON.stringify(r.endings)}`);
      return {
        ...fanoutOutcome(gw, base, sizes.busyClients, { normal: RATE, max: SATURATION_RATE }),
        parameters: {
          ...sizes,
          messagesPerSecond: RATE,
          ceilingMessagesPerSecond: smoke ? 'skipped in smoke mode' : SATURATION_RATE,
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
