/**
 * A platform topic by its role: the fixed and control topics by their `TopicNames` key, `dynamic`
 * for every `dyn.*` topic, `dlq` for the service's own dead-letter topic (`dlq.<app>.v1`).
 */
export type TopicRole = 'ticks' | 'candles1m' | 'requests' | 'registry' | 'events' | 'dynamic' | 'dlq';

/** One topic a service reads or writes, and the messages it reads or writes there (for people). */
export type TopicUse = { topic: TopicRole; messages?: string };

export type ServiceTopics = { reads: readonly TopicUse[]; writes: readonly TopicUse[] };

export type ServiceName = 'producer' | 'coordinator' | 'fixed-sink' | 'dynamic-gateway';

/**
 * What each service reads and writes. The system diagram (docs/diagrams/system.dot) is drawn from
 * this, and a docs test checks it against the topics each service's source refers to, so a new
 * read or write shows up in the diagram or fails the test.
 */
export const SERVICE_TOPICS: Readonly<Record<ServiceName, ServiceTopics>> = {
  producer: {
    reads: [
      { topic: 'registry', messages: 'TopicRecord' },
      { topic: 'candles1m', messages: 'resume the open minutes' },
    ],
    writes: [
      { topic: 'ticks', messages: 'PriceTick' },
      { topic: 'candles1m', messages: 'Candle1m' },
      { topic: 'dynamic', messages: 'matching specs' },
      { topic: 'requests', messages: 'RequestTopic' },
      { topic: 'events', messages: 'PublishStarted / Stopped' },
    ],
  },
  coordinator: {
    reads: [
      { topic: 'requests', messages: 'RequestTopic / RetireTopic' },
      { topic: 'events', messages: 'heartbeats, admin answers' },
      { topic: 'registry', messages: 'TopicRecord' },
    ],
    writes: [
      { topic: 'registry', messages: 'TopicRecord' },
      { topic: 'events', messages: 'Activated / Rejected / Retiring / Retired' },
      { topic: 'requests', messages: 'admin API requests' },
      { topic: 'dlq', messages: 'rejected' },
    ],
  },
  'fixed-sink': {
    reads: [
      { topic: 'ticks', messages: 'PriceTick' },
      { topic: 'candles1m', messages: 'Candle1m' },
    ],
    writes: [{ topic: 'dlq', messages: 'rejected' }],
  },
  'dynamic-gateway': {
    reads: [
      { topic: 'dynamic', messages: 'PriceTick / Candle1m' },
      { topic: 'registry', messages: 'TopicRecord' },
      { topic: 'events', messages: 'Activated / Rejected / Retired' },
    ],
    writes: [
      { topic: 'requests', messages: 'RequestTopic' },
      { topic: 'events', messages: 'SubscriberHeartbeat' },
      { topic: 'dlq', messages: 'rejected' },
    ],
  },
};
