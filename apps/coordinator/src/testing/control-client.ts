import { randomBytes, randomUUID } from 'node:crypto';
import { decode, encode } from '@mdp/contracts/codec';
import {
  type ControlEvent,
  ControlEventSchema,
  RequestTopicSchema,
  SubscriberHeartbeatSchema,
  type TopicRecord,
  TopicRecordSchema,
} from '@mdp/contracts/control';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { type TopicNames, topicNames } from '@mdp/contracts/topic-names';
import { testInfra } from '@mdp/local-infra/test-env';
import { type Admin, type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';

export const newNamespace = () => `t-${randomBytes(5).toString('hex')}`;

type Seen<T> = { items: T[]; waiters: Array<() => void> };

/**
 * The test's side of the control topics, through plain kafkajs: sends requests (valid or garbage),
 * records every event and registry write, and waits for the ones a test expects.
 */
export class ControlClient {
  readonly names: TopicNames;
  readonly kafka: Kafka;
  readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly groupId = `test-observer-${randomUUID()}`;
  readonly events: Seen<ControlEvent> = { items: [], waiters: [] };
  readonly registry: Seen<{ key: string; record: TopicRecord | null }> = { items: [], waiters: [] };
  readonly dlq: Seen<{ headers: Record<string, string>; value: string | null }> = { items: [], waiters: [] };

  constructor(readonly namespace: string) {
    this.names = topicNames(namespace);
    this.kafka = new Kafka({
      clientId: 'coordinator-test',
      brokers: testInfra().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    this.consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100 });
  }

  private connected = false;

  /** Connects admin and producer (to stage things before the coordinator starts). */
  async connect(): Promise<void> {
    if (this.connected) return;
    this.connected = true;
    await Promise.all([this.admin.connect(), this.producer.connect()]);
  }

  /** Connects and follows events, registry and DLQ from the beginning (the topics must exist). */
  async start(): Promise<void> {
    await Promise.all([this.connect(), this.consumer.connect()]);
    const { events, registry } = this.names;
    const dlq = this.names.dlq('coordinator');
    await this.consumer.subscribe({ topics: [events, registry, dlq], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === events) {
          const e = decode(ControlEventSchema, message.value);
          if (e.ok) push(this.events, e.value);
        } else if (topic === registry) {
          const key = message.key?.toString() ?? '';
          if (message.value === null) push(this.registry, { key, record: null });
          else {
            const r = decode(TopicRecordSchema, message.value);
            if (r.ok) push(this.registry, { key, record: r.value });
          }
        } else {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          );
          push(this.dlq, { headers, value: message.value?.toString() ?? null });
        }
      },
    });
  }

  async sendRaw(value: string | Buffer | null, key: string = randomUUID()): Promise<void> {
    await this.producer.send({ topic: this.names.requests, messages: [{ key, value }] });
  }

  /** Sends a RequestTopic; returns its request id. */
  async request(spec: unknown, opts: { appId?: string; requestId?: string } = {}): Promise<string> {
    const requestId: string = opts.requestId ?? randomUUID();
    const envelope = makeEnvelope('RequestTopic', 1, 'dynamic-gateway', {
      requestId,
      appId: opts.appId ?? 'test-app',
      spec,
    });
    const encoded = encode(RequestTopicSchema, envelope);
    if (!encoded.ok) throw new Error(encoded.error.message);
    await this.sendRaw(encoded.value, requestId);
    return requestId;
  }

  /** The answer (TopicActivated or TopicRequestRejected) to a request. */
  answer(requestId: string, timeoutMs = 20_000) {
    return this.waitFor(
      this.events,
      (e) =>
        (e.type === 'TopicActivated' || e.type === 'TopicRequestRejected') && e.data.requestId === requestId,
      timeoutMs,
    );
  }

  /** The latest registry value of a topic once `predicate` holds for it (null = tombstone). */
  async record(topic: string, predicate: (r: TopicRecord['data'] | null) => boolean, timeoutMs = 20_000) {
    const latest = () => this.registry.items.filter((i) => i.key === topic).at(-1);
    await this.waitFor(
      this.registry,
      () => {
        const l = latest();
        return l !== undefined && predicate(l.record?.data ?? null);
      },
      timeoutMs,
    );
    return latest()?.record?.data ?? null;
  }

  waitFor<T>(seen: Seen<T>, predicate: (item: T) => boolean, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => seen.items.find(predicate);
      const found = check();
      if (found !== undefined) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`nothing matched within ${timeoutMs} ms`)), timeoutMs);
      const waiter = () => {
        const item = check();
        if (item === undefined) return;
        clearTimeout(timer);
        seen.waiters.splice(seen.waiters.indexOf(waiter), 1);
        resolve(item);
      };
      seen.waiters.push(waiter);
    });
  }

  /** Writes a registry record as the coordinator would (to stage a crash's leftovers). */
  async writeRecord(data: TopicRecord['data']): Promise<void> {
    const encoded = encode(TopicRecordSchema, makeEnvelope('TopicRecord', 1, 'coordinator', data));
    if (!encoded.ok) throw new Error(encoded.error.message);
    await this.producer.send({
      topic: this.names.registry,
      messages: [{ key: data.topic, value: encoded.value }],
    });
  }

  /** A gateway's heartbeat: subscribers per topic. */
  async heartbeat(gatewayId: string, intervalMs: number, topics: Array<[string, number]>): Promise<void> {
    const data = {
      gatewayId,
      intervalMs,
      topics: topics.map(([topic, subscribers]) => ({ topic, subscribers })),
    };
    const encoded = encode(
      SubscriberHeartbeatSchema,
      makeEnvelope('SubscriberHeartbeat', 1, 'dynamic-gateway', data),
    );
    if (!encoded.ok) throw new Error(encoded.error.message);
    await this.producer.send({
      topic: this.names.events,
      messages: [{ key: gatewayId, value: encoded.value }],
    });
  }

  async topicExists(topic: string): Promise<boolean> {
    return (await this.admin.listTopics()).includes(topic);
  }

  /** Deletes every topic of the namespace and the test's consumer groups. */
  async cleanup(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
    const mine = (await this.admin.listTopics()).filter((t) => t.startsWith(`${this.namespace}.`));
    if (mine.length > 0) await this.admin.deleteTopics({ topics: mine }).catch(() => undefined);
    const groups = (await this.admin.listGroups()).groups.map((g) => g.groupId);
    const ours = groups.filter((g) => g.startsWith(this.namespace) || g === this.groupId);
    if (ours.length > 0) await this.admin.deleteGroups(ours).catch(() => undefined);
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

function push<T>(seen: Seen<T>, item: T): void {
  seen.items.push(item);
  for (const waiter of [...seen.waiters]) waiter();
}
