import { randomUUID } from 'node:crypto';
import type { Result } from '@mdp/contracts/result';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { createCatchUpTracker } from './catch-up';
import { restartAfterFinalCrash } from './crash-restart';
import type { RejectReason } from './dlq';
import type { Logger } from './logger';
import { counter, type Registry } from './metrics';

export type RegistryChange<T> = {
  previous: T | undefined;
  replay: boolean;
  partition: number;
  offset: string;
};

export type RegistryReaderOptions<T> = {
  kafka: Kafka;
  /** A compacted topic keyed by entity (e.g. `control.topics.v1`, keyed by topic name). */
  topic: string;
  decode: (value: Buffer, message: KafkaMessage) => Result<T, RejectReason>;
  logger: Logger;
  /** Called for every applied record: a value, or null for a tombstone (the key was deleted). */
  onChange?: (key: string, value: T | null, change: RegistryChange<T>) => void;
  /** Called for a record that fails validation or has no key; the previous value is kept. */
  onInvalid?: (key: string | null, reason: RejectReason, at: { partition: number; offset: string }) => void;
  /** Prefix of the throw-away consumer group id. Default `registry-reader`. */
  groupIdPrefix?: string;
  metrics?: Registry;
};

export type RegistryReader<T> = {
  /** Learns the high watermarks, then starts reading from the beginning; does not wait for catch-up. */
  start(): Promise<void>;
  /** Resolves once everything present at start was read; rejects after `timeoutMs` if given. */
  waitUntilCaughtUp(timeoutMs?: number): Promise<void>;
  isCaughtUp(): boolean;
  get(key: string): T | undefined;
  /** The current view (live; do not mutate). */
  entries(): ReadonlyMap<string, T>;
  stop(): Promise<void>;
};

/**
 * Rebuilds a table from a compacted topic and keeps following it.
 *
 * Choice: each reader joins a consumer group of its own (unique id, `fromBeginning`, `autoCommit:
 * false`), so it gets every partition, always starts from the beginning, and never commits; kafkajs
 * has no group-less `assign()`. The empty group is deleted on stop (best effort; the broker expires
 * it otherwise).
 */
export function createRegistryReader<T>(opts: RegistryReaderOptions<T>): RegistryReader<T> {
  const groupId = `${opts.groupIdPrefix ?? 'registry-reader'}-${randomUUID()}`;
  const logger = opts.logger.child({ component: 'registry-reader', topic: opts.topic });
  const table = new Map<string, T>();
  const consumer = opts.kafka.consumer({ groupId, maxWaitTimeInMs: 1000 });
  const invalid =
    opts.metrics &&
    counter(opts.metrics, {
      name: 'registry_invalid_records_total',
      help: 'Registry records that failed validation',
      labelNames: ['topic'],
    });
  const listenerErrors =
    opts.metrics &&
    counter(opts.metrics, {
      name: 'registry_listener_errors_total',
      help: 'Registry changes whose listener threw (the change was applied)',
      labelNames: ['topic'],
    });
  let tracker = createCatchUpTracker([]);
  let caughtUp = false;
  const waiters: Array<() => void> = [];

  const markCaughtUp = () => {
    if (caughtUp) return;
    caughtUp = true;
    logger.info({ entries: table.size }, 'registry caught up');
    for (const w of waiters.splice(0)) w();
  };

  // A record must never stop the reader: a compacted topic keeps it, so a throw would crash the
  // reader on every restart. A decoder that throws rejects the record; a listener that throws is logged.
  const decodeSafely = (value: Buffer, message: KafkaMessage): Result<T, RejectReason> => {
    try {
      return opts.decode(value, message);
    } catch (e) {
      return { ok: false, error: { code: 'decoder_threw', message: String((e as Error)?.message ?? e) } };
    }
  };
  const notify = (key: string, value: T | null, change: RegistryChange<T>) => {
    try {
      opts.onChange?.(key, value, change);
    } catch (e) {
      listenerErrors?.inc({ topic: opts.topic });
      logger.error(
        { err: e, key, partition: change.partition, offset: change.offset },
        'registry listener threw; record applied',
      );
    }
  };

  const apply = (message: KafkaMessage, partition: number) => {
    const at = { partition, offset: message.offset };
    const key = message.key?.toString('utf8') ?? null;
    const reject = (reason: RejectReason) => {
      invalid?.inc({ topic: opts.topic });
      logger.warn(
        { key, ...at, reason: { code: reason.code, message: reason.message } },
        'invalid registry record ignored',
      );
      try {
        opts.onInvalid?.(key, reason, at);
      } catch (e) {
        logger.error({ err: e, ...at }, 'registry onInvalid listener threw');
      }
    };
    if (key === null) return reject({ code: 'no_key', message: 'registry record has no key' });
    const previous = table.get(key);
    if (message.value === null) {
      table.delete(key);
      notify(key, null, { previous, replay: !caughtUp, ...at });
      return;
    }
    const decoded = decodeSafely(message.value, message);
    if (!decoded.ok) return reject(decoded.error);
    table.set(key, decoded.value);
    notify(key, decoded.value, { previous, replay: !caughtUp, ...at });
  };

  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic === opts.topic && tracker.advance(payload.partition, payload.lastOffset))
      markCaughtUp();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error({ err: payload.error, restart: payload.restart }, 'registry reader crashed');
  });
  // Reading from the beginning again is safe: applying a record twice leaves the same table.
  const runConsumer = async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [opts.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) apply(message, batch.partition);
      },
    });
  };
  // A crash kafkajs will not restart: run again with backoff.
  const restarts = restartAfterFinalCrash({ consumer, run: runConsumer, logger });

  const deleteGroup = async () => {
    const admin = opts.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch (e) {
      logger.debug({ err: e, groupId }, 'could not delete the reader group; the broker will expire it');
    } finally {
      await admin.disconnect();
    }
  };

  let stopping: Promise<void> | undefined;
  return {
    async start() {
      const admin = opts.kafka.admin();
      await admin.connect();
      try {
        tracker = createCatchUpTracker(await admin.fetchTopicOffsets(opts.topic));
      } finally {
        await admin.disconnect();
      }
      await runConsumer();
      logger.info({ groupId, behind: tracker.behind() }, 'registry reader started');
      if (tracker.isCaughtUp()) markCaughtUp();
    },
    waitUntilCaughtUp(timeoutMs) {
      if (caughtUp) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                reject(
                  new Error(
                    `registry ${opts.topic} not caught up after ${timeoutMs} ms: ${JSON.stringify(tracker.behind())}`,
                  ),
                );
              }, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    isCaughtUp: () => caughtUp,
    get: (key) => table.get(key),
    entries: () => table,
    stop() {
      restarts.stop();
      stopping ??= (async () => {
        await consumer.disconnect();
        await deleteGroup();
      })();
      return stopping;
    },
  };
}
