import { decode } from '@mdp/contracts/codec';
import { type ControlEvent, ControlEventSchema } from '@mdp/contracts/control';
import type { Kafka } from 'kafkajs';
import { readTopic } from './kafka';

/** Every valid event on control.events.v1 so far, in partition/offset order. */
export async function readControlEvents(kafka: Kafka, eventsTopic: string): Promise<ControlEvent[]> {
  const events: ControlEvent[] = [];
  for (const message of await readTopic(kafka, eventsTopic)) {
    const decoded = decode(ControlEventSchema, message.value);
    if (decoded.ok) events.push(decoded.value);
  }
  return events;
}

/** The lifecycle events naming one topic, as `type` strings in order (heartbeats left out). */
export function lifecycleOf(events: readonly ControlEvent[], topic: string): string[] {
  return events
    .filter((e) => e.type !== 'SubscriberHeartbeat' && 'topic' in e.data && e.data.topic === topic)
    .map((e) => e.type);
}
