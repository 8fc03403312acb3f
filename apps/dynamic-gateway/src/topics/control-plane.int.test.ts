import type { ControlEvent } from '@mdp/contracts/control';
import { topicNames } from '@mdp/contracts/topic-names';
import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { controlTopicSpecs } from '@mdp/runtime/platform-topics';
import { createIdempotentProducer } from '@mdp/runtime/producer';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { ensureTopics } from '@mdp/runtime/topics';
import { type ControlPlane, createControlPlane } from './control-plane';

jest.setTimeout(60_000);

const namespace = uniqueNamespace('gw');
const names = topicNames(namespace);
const logger = createLogger({ service: 'gw-control-test', level: 'silent' });
const kafka = createKafka({ clientId: 'gw-control-test', brokers: testBrokers(), logger });
const admin = kafka.admin();
const producer = createIdempotentProducer(kafka, { logger });
let control: ControlPlane | undefined;

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  await ensureTopics(admin, controlTopicSpecs(names));
});

afterAll(async () => {
  await control?.stop();
  await producer.disconnect();
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
});

describe('the control plane with hostile control events (real broker)', () => {
  it('skips what it cannot read and an event its handler throws on, and keeps reading', async () => {
    const seen: string[] = [];
    const metrics = createMetricsRegistry('gw-control-test', { defaultMetrics: false });
    const plane = createControlPlane({
      kafka,
      admin,
      names,
      gatewayId: 'gw-hostile',
      producer,
      logger,
      groupIdPrefix: `${namespace}.gw`,
      fetchMaxWaitMs: 100,
      registryTimeoutMs: 20_000,
      metrics,
      onEvent: (event: ControlEvent) => {
        if (event.type !== 'SubscriberHeartbeat') return;
        const topic = event.data.topics[0]?.topic ?? '';
        if (topic === 'throws') throw new Error('handler bug');
        seen.push(topic);
      },
      onRecord: () => undefined,
    });
    control = plane;
    await plane.start();
    await plane.sendHeartbeat([{ topic: 'first', subscribers: 1 }], 1000);
    await plane.sendHeartbeat([{ topic: 'throws', subscribers: 1 }], 1000);
    await producer.send(names.events, [
      { key: 'x', value: Buffer.alloc(500_000, '{') },
      { key: 'x', value: Buffer.from('{"__proto__":{"polluted":true},"type":"SubscriberHeartbeat"}') },
      { key: 'x', value: null },
    ]);
    await plane.sendHeartbeat([{ topic: 'last', subscribers: 1 }], 1000);
    await eventually(() => seen.includes('last'), 'the event after the hostile ones');
    expect(seen).toEqual(['first', 'last']);
    expect(plane.eventsRunning()).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Three unreadable events, each counted (the metric an operator and the fuzz suite read).
    const counted = await metrics.getSingleMetric('gateway_invalid_control_events_total')?.get();
    expect(counted?.values[0]?.value).toBe(3);
  });

  it('counts every registry record it cannot read (registry_invalid_records_total)', async () => {
    const metrics = createMetricsRegistry('gw-control-test', { defaultMetrics: false });
    await producer.send(names.registry, [
      { key: 'dyn.bad.1', value: Buffer.from('not json') },
      { key: 'dyn.bad.2', value: Buffer.from('{"__proto__":{"x":1}}') },
    ]);
    const plane = createControlPlane({
      kafka,
      admin,
      names,
      gatewayId: 'gw-registry-count',
      producer,
      logger,
      groupIdPrefix: `${namespace}.gw2`,
      fetchMaxWaitMs: 100,
      registryTimeoutMs: 20_000,
      metrics,
      onEvent: () => undefined,
      onRecord: () => undefined,
    });
    try {
      await plane.start();
      await eventually(async () => {
        const counted = await metrics.getSingleMetric('registry_invalid_records_total')?.get();
        return counted?.values.reduce((sum, v) => sum + v.value, 0) === 2;
      }, 'both bad registry records counted');
    } finally {
      await plane.stop();
    }
  });
});
