import type { HealthServer } from '@mdp/runtime/http-server';
import type { MachineBoard } from '@mdp/runtime/machine-board';
import type { ServiceContext } from '@mdp/runtime/service-main';
import { type Actor, createActor, waitFor } from 'xstate';
import { type ProducerActorDeps, producerActors } from './actors';
import { producerMachine } from './machine';
import type { ProducerMetrics } from './metrics';

/** The machine with the real actors injected, observed for logs, metrics (the board) and health. */
export function runMachine(
  o: ProducerActorDeps & {
    metrics: ProducerMetrics;
    http: HealthServer;
    board: MachineBoard;
    /** The crash hook (the entry point's: log, drain, exit 70). */
    onFatal: ServiceContext['onFatal'];
  },
) {
  const { config, parts, logger, metrics } = o;
  const machine = producerActors(o);
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
          if (state === 'error')
            logger.error('gave up retrying; waiting for RESET (POST /admin/machines/producer/reset)');
          if (state === 'idle' && last === 'backingOff') logger.info('retrying after backoff');
          last = state;
        },
        error: (e) => {
          o.http.setFatal('producer machine crashed');
          o.onFatal('producer machine crashed', e);
        },
      });
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
