import { EventEmitter } from 'node:events';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { KafkaHealth } from './kafka-health';
import { trackPublishes, watchConsumer, watchKafka } from './watch-kafka';

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('KafkaHealth (the kafka readiness check)', () => {
  it('is not ready before start and after stop', () => {
    const health = new KafkaHealth();
    expect(health.check()).toEqual({ ok: false, detail: 'not connected' });
    health.markStarted();
    expect(health.check()).toEqual({ ok: true });
    health.markStopped();
    expect(health.check().ok).toBe(false);
  });

  it('a failed publish makes it not ready until a publish succeeds (retries in between do not)', async () => {
    const c = clock();
    const health = new KafkaHealth(c.now, 15_000);
    health.markStarted();
    const down = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    await expect(health.trackPublish(() => Promise.reject(down))).rejects.toBe(down);
    expect(health.check()).toEqual({ ok: false, detail: [`last publish failed: ${down.message}`] });
    // The machine retries: a new publish is in flight, but nothing proved the broker is back yet.
    const retry = deferred();
    const inFlight = health.trackPublish(() => retry.promise);
    c.advance(1_000);
    expect(health.check().ok).toBe(false);
    retry.resolve();
    await inFlight;
    expect(health.check()).toEqual({ ok: true });
  });

  it('a publish waiting while the broker answers nothing for the stall limit makes it not ready', async () => {
    const c = clock();
    const health = new KafkaHealth(c.now, 5_000);
    health.markStarted();
    const slow = deferred();
    const inFlight = health.trackPublish(() => slow.promise);
    c.advance(4_000);
    // A large publish: requests keep being answered, so it is not a stall however long it takes.
    health.brokerAnswered();
    c.advance(4_999);
    expect(health.check()).toEqual({ ok: true });
    c.advance(1);
    expect(health.check()).toEqual({
      ok: false,
      detail: ['a publish has waited 5 s with no answer from the broker'],
    });
    slow.resolve();
    await inFlight;
    expect(health.check()).toEqual({ ok: true });
  });

  it('no publish waiting: a quiet broker is no problem', () => {
    const c = clock();
    const health = new KafkaHealth(c.now, 5_000);
    health.markStarted();
    c.advance(60_000);
    expect(health.check()).toEqual({ ok: true });
  });

  it('a crashed consumer makes it not ready until it fetches again', () => {
    const health = new KafkaHealth();
    health.markStarted();
    health.consumerCrashed('registry-1', 'Connection error');
    expect(health.check()).toEqual({ ok: false, detail: ['consumer registry-1 crashed: Connection error'] });
    health.consumerFine('registry-1');
    expect(health.check()).toEqual({ ok: true });
  });
});

describe('watching the kafkajs clients', () => {
  it('every send of the tracked producer reports its outcome', async () => {
    const health = new KafkaHealth();
    health.markStarted();
    let fail = true;
    const inner = {
      send: async () => {
        if (fail) throw new Error('broker down');
      },
    } as unknown as IdempotentProducer;
    const producer = trackPublishes(inner, health);
    await expect(producer.send('t', [])).rejects.toThrow('broker down');
    expect(health.check().ok).toBe(false);
    fail = false;
    await producer.send('t', []);
    expect(health.check().ok).toBe(true);
  });

  it("a consumer's crash, then its next fetch after kafkajs restarted it, reach the health", () => {
    const events = { CRASH: 'c.crash', FETCH: 'c.fetch', STOP: 'c.stop', DISCONNECT: 'c.disconnect' };
    const emitter = new EventEmitter();
    const fake = {
      events,
      on: (name: string, listener: (e: unknown) => void) => emitter.on(name, listener),
    } as unknown as Consumer;
    const health = new KafkaHealth();
    health.markStarted();
    watchConsumer(fake, 'registry-1', health);
    // kafkajs disconnects (STOP, DISCONNECT) before it reports the CRASH.
    emitter.emit(events.STOP, {});
    emitter.emit(events.DISCONNECT, {});
    emitter.emit(events.CRASH, { payload: { error: new Error('ECONNREFUSED'), restart: true } });
    expect(health.check()).toEqual({ ok: false, detail: ['consumer registry-1 crashed: ECONNREFUSED'] });
    emitter.emit(events.FETCH, { payload: { duration: 3 } });
    expect(health.check()).toEqual({ ok: true });
  });

  it('the watched client is the same client; the producers and consumers it makes are watched', () => {
    const kafka = new Kafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING });
    const watched = watchKafka(kafka, new KafkaHealth());
    expect(watched.consumer({ groupId: 'g' }).events.CRASH).toBe('consumer.crash');
    expect(watched.producer().events.REQUEST).toBe('producer.network.request');
    expect(typeof watched.admin().fetchTopicOffsets).toBe('function');
    expect(watched.logger()).toBe(kafka.logger());
  });
});
