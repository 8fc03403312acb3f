import { readControlEvents } from '@mdp/e2e/harness/control-events';
import { metricSum, scrape } from '@mdp/e2e/harness/metrics';
import type { Platform } from '@mdp/e2e/harness/platform';
import type { Kafka } from 'kafkajs';
import type { TopicFamily } from './generators/kafka-records';
import { readDlqAnswers } from './runners/kafka-fuzz';
import { createTally, type Tally } from './tally';

/**
 * Which of `ids` were answered on a DLQ with a reason (the DLQ copy keeps the fuzz-id header),
 * counted into `tally` by reason code. Returns the ids still unanswered.
 */
export async function unansweredOnDlq(
  kafka: Kafka,
  dlqTopic: string,
  sourceTopic: string,
  ids: readonly string[],
  tally: Tally,
  kind: string,
): Promise<string[]> {
  const answers = (await readDlqAnswers(kafka, dlqTopic)).filter(
    (a) => a.sourceTopic === sourceTopic && a.reason !== '',
  );
  const answered = new Map(answers.map((a) => [a.fuzzId, a.reasonCode]));
  for (const code of answered.values()) tally.add(kind, `dlq ${code}`);
  return ids.filter((id) => !answered.has(id));
}

/** Request ids the coordinator answered with TopicRequestRejected, by rejection code. */
export async function rejectedRequests(kafka: Kafka, eventsTopic: string): Promise<Map<string, string>> {
  const rejected = new Map<string, string>();
  for (const e of await readControlEvents(kafka, eventsTopic))
    if (e.type === 'TopicRequestRejected') rejected.set(e.data.requestId, e.data.reason.code);
  return rejected;
}

/** A counter summed over its label sets, per service, or undefined when the service does not expose it. */
export async function counterOf(
  p: Platform,
  service: 'coordinator' | 'producer' | 'dynamic-gateway',
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const samples = await scrape(p.urls[service]);
  return samples.some((s) => s.name === name) ? metricSum(samples, name, labels) : undefined;
}

/**
 * How each family's records are answered, read where the answers land: the DLQs, the rejection
 * events, or the counters of the services that skip and count. Answers found go into `tally`.
 */
export function createKafkaAnswers(p: Platform, tally: Tally) {
  /** Counters a family is answered by (skip counters of the services that only count). */
  async function counters(family: TopicFamily, topic: string): Promise<Record<string, number | undefined>> {
    if (family === 'registry') {
      const of = (s: 'coordinator' | 'producer' | 'dynamic-gateway') =>
        counterOf(p, s, 'registry_invalid_records_total', { topic });
      return {
        coordinator: await of('coordinator'),
        producer: await of('producer'),
        'dynamic-gateway': await of('dynamic-gateway'),
      };
    }
    if (family === 'events')
      return { coordinator: await counterOf(p, 'coordinator', 'coordinator_invalid_events_total') };
    return {};
  }

  /** Waits until every record is answered; returns what is still unanswered when the time is up. */
  async function answersFor(
    family: TopicFamily,
    topic: string,
    ids: readonly string[],
    before: Record<string, number | undefined>,
    timeoutMs = 90_000,
  ): Promise<string[]> {
    let missing: string[] = [...ids];
    const deadline = Date.now() + timeoutMs;
    const kind = `${family}`;
    for (;;) {
      const probe = createTally();
      missing = await unansweredFor(family, topic, ids, before, probe, kind);
      // A service that does not expose the counter will not start counting by waiting.
      const hopeless = missing.length > 0 && missing.every((m) => m.endsWith('(metric not exposed)'));
      if (missing.length === 0 || hopeless || Date.now() > deadline) {
        for (const r of probe.rows()) tally.add(r.kind, r.answer, r.count);
        if (missing.length > 0)
          tally.add(
            kind,
            family === 'registry' || family === 'events' ? 'NOT COUNTED by a service' : 'NO ANSWER',
            missing.length,
          );
        return missing.slice(0, 20);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  async function unansweredFor(
    family: TopicFamily,
    topic: string,
    ids: readonly string[],
    before: Record<string, number | undefined>,
    probe: Tally,
    kind: string,
  ): Promise<string[]> {
    switch (family) {
      case 'market-ticks':
      case 'market-candles':
        return unansweredOnDlq(p.kafka, p.topics.dlq('fixed-sink'), topic, ids, probe, kind);
      case 'dyn-ticks':
        return unansweredOnDlq(p.kafka, p.topics.dlq('dynamic-gateway'), topic, ids, probe, kind);
      case 'requests': {
        const rest = await unansweredOnDlq(p.kafka, p.topics.dlq('coordinator'), topic, ids, probe, kind);
        const rejected = await rejectedRequests(p.kafka, p.topics.events);
        for (const id of rest) if (rejected.has(id)) probe.add(kind, `rejected ${rejected.get(id)}`);
        return rest.filter((id) => !rejected.has(id));
      }
      case 'registry':
      case 'events': {
        const now = await counters(family, topic);
        const short: string[] = [];
        for (const [service, was] of Object.entries(before)) {
          const counted = (now[service] ?? 0) - (was ?? 0);
          probe.add(
            kind,
            `counted by ${service}${now[service] === undefined ? ' (no such metric)' : ''}`,
            counted,
          );
          if (counted < ids.length)
            short.push(
              `${service}: counted ${counted} of ${ids.length}${now[service] === undefined ? ' (metric not exposed)' : ''}`,
            );
        }
        return short;
      }
    }
  }

  return { counters, answersFor };
}
