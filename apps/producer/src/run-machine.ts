import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { HealthServer } from '@mdp/runtime/http-server';
import type { Logger } from '@mdp/runtime/logger';
import type { MachineBoard } from '@mdp/runtime/machine-board';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import type { ServiceContext } from '@mdp/runtime/service-main';
import { type Actor, createActor, fromPromise, waitFor } from 'xstate';
import { adminResetRoute } from './admin-reset';
import type { Components } from './components';
import type { ProducerConfig } from './config';
import type { DynamicTopics } from './dynamic/dynamic-topics';
import type { ControlPublisher } from './kafka/control-publisher';
import { producerMachine } from './machine';
import type { Batch } from './machine-types';
import type { ProducerMetrics } from './metrics';
import type { Cycle } from './pipeline/cycle';
import { createWaitForWork } from './pipeline/work-trigger';

/** The machine with the real actors injected, observed for logs, metrics (the board) and health. */
export function runMachine(o: {
  config: ProducerConfig;
  cycle: Cycle;
  parts: Components;
  control: ControlPublisher;
  dynamic: DynamicTopics;
  producer: IdempotentProducer;
  metrics: ProducerMetrics;
  logger: Logger;
  http: HealthServer;
  board: MachineBoard;
  /** The crash hook (the entry point's: log, drain, exit 70). */
  onFatal: ServiceContext['onFatal'];
}) {
  const { config, cycle, parts, logger, metrics } = o;
  const machine = producerMachine.provide({
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
  let actor: Actor<typeof machine> | null = null;
  let last = '';

  return {
    start(): void {
      actor = createActor(machine, {
        input: {
          topicSpecs: [...config.dynamicSpecs],
          namespace: config.topicNamespace,
          retry: config.retry,
        },
      });
      actor.subscribe({
        next: (snapshot) => {
          const state = String(snapshot.value);
          if (state === last) return;
          logger.debug({ from: last, to: state }, 'machine state');
          // `error` is left at once for backingOff while retries remain: both report the failure.
          const failure = snapshot.context.errorInfo;
          if ((state === 'error' || state === 'backingOff') && failure) {
            metrics.errors.inc({ step: failure.step, kind: failure.kind });
            logger.warn(
              {
                step: failure.step,
                kind: failure.kind,
                error: failure.message,
                attempt: snapshot.context.attempt,
              },
              'cycle failed',
            );
          }
          if (state === 'error') logger.error('gave up retrying; waiting for RESET (POST /admin/reset)');
          if (state === 'idle' && last === 'backingOff') logger.info('retrying after backoff');
          last = state;
        },
        error: (e) => {
          o.http.setFatal('producer machine crashed');
          o.onFatal('producer machine crashed', e);
        },
      });
      o.http.addRoute(adminResetRoute(config.adminToken, () => actor?.send({ type: 'RESET' })));
      o.board.observe(actor, { id: 'producer', chart: producerMachine });
      actor.start();
    },
    /** Finishes the cycle in flight (and one last cycle for what the stream buffered), drains, stops. */
    async stop(): Promise<void> {
      if (!actor) return;
      parts.sources.stop();
      actor.send({ type: 'FETCH_DATA' });
      actor.send({ type: 'STOP' });
      await waitFor(actor, (s) => s.status === 'done', { timeout: 30_000 }).catch((e: unknown) =>
        logger.error({ err: e }, 'machine did not stop in time'),
      );
      actor.stop();
    },
  };
}
