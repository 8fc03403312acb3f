import { topicNames } from '@mdp/contracts/topic-names';
import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { compareWithSimulator } from './ground-truth';
import { readTopic } from './read-topic';
import { checkCandles, checkTicks } from './topic-checks';

/**
 * `KAFKA_BROKERS=… TOPIC_NAMESPACE=… node dist/tools/verify-topics.js`: reads the fixed topics of a
 * namespace and checks that ticks are valid and never repeated and candles are valid and gap-free.
 * With `SIM_URL`, also compares with what the simulator emitted. Exits 1 when a check fails.
 */
async function main(): Promise<void> {
  const logger = createLogger({ service: 'verify-topics', level: 'warn' });
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const topics = topicNames(process.env.TOPIC_NAMESPACE ?? '');
  const kafka = createKafka({ clientId: 'verify-topics', brokers, logger });
  const ticks = checkTicks(await readTopic(kafka, topics.ticks, 120_000));
  const candles = checkCandles(await readTopic(kafka, topics.candles1m, 120_000));
  const holes = Object.values(candles.perPair).reduce((n, p) => n + p.holes.length, 0);
  const summary = {
    ticks: {
      messages: ticks.messages,
      invalid: ticks.invalid,
      duplicates: ticks.duplicates,
      wrongKey: ticks.wrongKey,
      missingHeaders: ticks.missingHeaders,
      perPair: ticks.perPair,
    },
    candles: {
      messages: candles.messages,
      invalid: candles.invalid,
      wrongKey: candles.wrongKey,
      holes,
      perPair: Object.fromEntries(
        Object.entries(candles.perPair).map(([k, v]) => [
          k,
          { minutes: v.minutes, first: v.first, last: v.last, holes: v.holes.length },
        ]),
      ),
    },
  };
  const simUrl = process.env.SIM_URL;
  const truth = simUrl ? await compareWithSimulator(simUrl, ticks.ticks, candles.candles) : null;
  process.stdout.write(`${JSON.stringify({ ...summary, simulator: truth }, null, 2)}\n`);
  const problems = [
    ticks.invalid,
    ticks.duplicates,
    ticks.wrongKey,
    ticks.missingHeaders,
    candles.invalid,
    candles.wrongKey,
    holes,
    truth ? truth.unknownTicks + truth.candleMismatches.length : 0,
  ];
  const ok = problems.every((n) => n === 0);
  process.exit(ok ? 0 : 1);
}

void main();
