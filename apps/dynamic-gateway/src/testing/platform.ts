import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { deleteNamespaceTopics, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { AppDeps } from '../app';
import { startCoordinator } from './coordinator';
import { type StartedGateway, startGateway } from './gateway';

type Env = Record<string, string>;

export type GatewayPlatform = {
  readonly namespace: string;
  /** For the test's own clients (a consumer watching a control topic). */
  readonly kafka: Kafka;
  /** For the test's own topics and checks. */
  readonly admin: Admin;
  /** Writes the test's market data. */
  readonly producer: Producer;
  /** The gateway, once the file's `beforeAll` has run. */
  readonly gw: StartedGateway;
};

/**
 * A gateway and a coordinator on a namespace of their own, with an admin and a producer for the
 * test's data: started before the file's tests, stopped (and the namespace's topics deleted) after.
 * `env` is the gateway's extra settings, read when it starts (a function: settings known only then,
 * such as a database made in an earlier `beforeAll`); `coordinatorEnv` the coordinator's.
 */
export function useGatewayPlatform(
  env: Env | (() => Env) = {},
  deps: AppDeps = {},
  coordinatorEnv: Env = {},
): GatewayPlatform {
  const namespace = uniqueNamespace('gw');
  const kafka = createKafka({
    clientId: 'gw-test',
    brokers: testBrokers(),
    logger: createLogger({ service: 'test', level: 'warn' }),
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  let coordinator: { stop(): Promise<void> } | undefined;
  let gw: StartedGateway | undefined;

  beforeAll(async () => {
    await admin.connect();
    await producer.connect();
    coordinator = await startCoordinator(namespace, coordinatorEnv);
    gw = await startGateway(namespace, typeof env === 'function' ? env() : env, deps);
  }, 60_000);

  afterAll(async () => {
    await gw?.app.stop();
    await coordinator?.stop();
    await deleteNamespaceTopics(admin, namespace);
    await producer.disconnect();
    await admin.disconnect();
  }, 60_000);

  return {
    namespace,
    kafka,
    admin,
    producer,
    get gw() {
      if (!gw) throw new Error('the gateway is not started yet (use it inside a test or a later beforeAll)');
      return gw;
    },
  };
}
