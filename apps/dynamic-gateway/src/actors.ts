import { ensureReplicatedTopics } from '@mdp/runtime/ensure-replicated-topics';
import type { HealthServer } from '@mdp/runtime/http-server';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import { controlTopicSpecs } from '@mdp/runtime/platform-topics';
import { fromPromise } from 'xstate';
import type { Components } from './components';
import type { GatewayConfig } from './config';
import { topicReaderMachine } from './machine';
import { gatewayMachine } from './root-machine';
import { SOURCE } from './topics/control-plane';

export type GatewayActorDeps = {
  readonly config: GatewayConfig;
  readonly components: Components;
  /** The one HTTP server: stopped with the rest. */
  readonly listener: HealthServer;
  readonly logger: Logger;
  readonly registry: Registry;
  /** The bound port, for the start line. */
  readonly port: () => number;
};

/**
 * The machines' I/O: the root machine with its real actors (start and stop every part, one topic
 * reader per topic). `stopGateway` is also the app's own clean-up after a crash or a failed start.
 */
export function gatewayActors(deps: GatewayActorDeps) {
  const { config, components: c, listener, logger, registry } = deps;

  const startGateway = async () => {
    await c.admin.connect();
    await c.producer.connect();
    const n = c.names;
    await ensureReplicatedTopics(
      c.admin,
      [...controlTopicSpecs(n), { topic: n.dlq(SOURCE), partitions: 1 }],
      {
        replicationFactor: config.kafka.replicationFactor,
        logger,
        metrics: registry,
      },
    );
    await c.control.start();
    c.heartbeat.start();
    logger.info({ port: deps.port(), gatewayId: config.gatewayId }, 'dynamic-gateway started');
  };

  const stopGateway = async () => {
    await c.heartbeat.stop();
    c.ws.closeAll();
    for (const sub of c.clients.all()) sub.close('shutting_down');
    await c.webhooks.stop();
    c.requester.abortAll();
    c.hub.stopAll();
    await Promise.allSettled([...c.closing]);
    await listener.stop();
    await c.control.stop();
    await Promise.allSettled([c.producer.disconnect(), c.admin.disconnect(), c.historyDb.close()]);
  };

  const machine = gatewayMachine.provide({
    actors: {
      topicReader: topicReaderMachine.provide({ actors: { topicConsumer: c.topicConsumer } }),
      startGateway: fromPromise(startGateway),
      stopGateway: fromPromise(stopGateway),
    },
  });

  return { machine, stopGateway };
}
