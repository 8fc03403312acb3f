import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { Logger } from '@mdp/runtime/logger';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import { fromPromise } from 'xstate';
import type { Components } from './components';
import type { ProducerConfig } from './config';
import type { DynamicTopics } from './dynamic/dynamic-topics';
import type { ControlPublisher } from './kafka/control-publisher';
import { producerMachine } from './machine';
import type { Batch } from './machine-types';
import type { Cycle } from './pipeline/cycle';
import { createWaitForWork } from './pipeline/work-trigger';

export type ProducerActorDeps = {
  config: ProducerConfig;
  cycle: Cycle;
  parts: Components;
  control: ControlPublisher;
  dynamic: DynamicTopics;
  producer: IdempotentProducer;
  logger: Logger;
};

/** The machine's I/O: the producer machine with the real implementations of its placeholder actors. */
export function producerActors(o: ProducerActorDeps) {
  const { config, cycle, parts, logger } = o;
  return producerMachine.provide({
    actors: {
      waitForWork: createWaitForWork(
        {
          nextDueAt: () => cycle.nextDueAt(),
          buffered: () => parts.sources.buffered(),
          onWork: (l) => parts.setWake(l),
        },
        config.streamBatchMs,
      ),
      fetchData: fromPromise<Batch>(({ signal }) => cycle.fetchData(signal)),
      publishFixed: fromPromise<void, { batch: Batch }>(({ input }) => cycle.publishFixed(input.batch)),
      publishDynamic: fromPromise<void, { batch: Batch }>(({ input }) => cycle.publishDynamic(input.batch)),
      createTopic: fromPromise<void, { spec: DynamicTopicSpec; topic: string }>(async ({ input }) => {
        const requestId = await o.control.requestTopic(input.spec);
        logger.info(
          { topic: input.topic, requestId },
          'dynamic topic requested; publishing starts once it is active',
        );
      }),
      drain: fromPromise<void, { unpublished: number }>(async ({ input }) => {
        if (input.unpublished > 0)
          logger.error(
            { unpublished: input.unpublished },
            'stopping with messages that could not be published',
          );
        parts.sources.stop();
        await o.dynamic.stopAll('producer stopping');
        await o.producer.flush();
      }),
    },
  });
}
