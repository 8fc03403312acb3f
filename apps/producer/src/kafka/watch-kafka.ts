import type { IdempotentProducer } from '@mdp/runtime/producer';
import type { Consumer, ConsumerConfig, Kafka, Producer, ProducerConfig } from 'kafkajs';
import type { KafkaHealth } from './kafka-health';

/** The same producer; every send reports its outcome to `health`. */
export function trackPublishes(producer: IdempotentProducer, health: KafkaHealth): IdempotentProducer {
  return {
    ...producer,
    send: (topic, messages) => health.trackPublish(() => producer.send(topic, messages)),
  };
}

/** Reports each answer the broker gives a kafkajs producer to `health`. */
export function watchProducer(producer: Producer, health: KafkaHealth): Producer {
  producer.on(producer.events.REQUEST, () => health.brokerAnswered());
  return producer;
}

/** Reports a consumer's crashes and recoveries (a fetch after kafkajs restarted it) to `health`. */
export function watchConsumer(consumer: Consumer, name: string, health: KafkaHealth): Consumer {
  const { events } = consumer;
  consumer.on(events.CRASH, ({ payload }) => health.consumerCrashed(name, payload.error.message));
  consumer.on(events.FETCH, () => health.consumerFine(name));
  // Stopped on purpose: no longer a concern of readiness. (On a crash kafkajs disconnects first.)
  consumer.on(events.STOP, () => health.consumerFine(name));
  consumer.on(events.DISCONNECT, () => health.consumerFine(name));
  return consumer;
}

/**
 * The same client, except that the producers and consumers it makes are watched: the runtime's
 * idempotent producer (which replaces its kafkajs producer after a failed send) and registry
 * reader create theirs themselves and do not expose their events.
 */
export function watchKafka(kafka: Kafka, health: KafkaHealth): Kafka {
  return new Proxy(kafka, {
    get(target, prop) {
      if (prop === 'producer')
        return (config?: ProducerConfig) => watchProducer(target.producer(config), health);
      if (prop === 'consumer')
        return (config: ConsumerConfig) => watchConsumer(target.consumer(config), config.groupId, health);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
