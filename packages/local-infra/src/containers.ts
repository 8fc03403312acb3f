import { REDPANDA_IMAGE, TIMESCALEDB_IMAGE } from './container-images';
import { type Progress, stderrProgress } from './progress';

export interface StartedContainers {
  readonly kafkaBrokers?: string;
  readonly databaseUrl?: string;
  stop(): Promise<void>;
}

export interface ContainerWishes {
  readonly kafka: boolean;
  readonly database: boolean;
}

/**
 * Starts Redpanda and/or TimescaleDB with testcontainers. The modules are loaded only here,
 * so runs without Docker never pay for them. Redpanda's testcontainers module turns topic
 * auto-creation on; it is switched back off to match a real Redpanda and the local broker.
 */
export async function startContainers(
  wishes: ContainerWishes,
  dockerHost: string,
  progress: Progress = stderrProgress,
): Promise<StartedContainers> {
  // testcontainers reads DOCKER_HOST itself; tell it which engine answered our ping.
  process.env.DOCKER_HOST ??= dockerHost;
  const [{ RedpandaContainer }, { PostgreSqlContainer }] = await Promise.all([
    import('@testcontainers/redpanda'),
    import('@testcontainers/postgresql'),
  ]);
  const started = Date.now();
  progress(
    `starting containers via ${dockerHost}: ${[wishes.kafka && REDPANDA_IMAGE, wishes.database && TIMESCALEDB_IMAGE].filter(Boolean).join(', ')}`,
  );

  const [redpanda, timescale] = await Promise.allSettled([
    wishes.kafka ? new RedpandaContainer(REDPANDA_IMAGE).start() : Promise.resolve(undefined),
    wishes.database ? new PostgreSqlContainer(TIMESCALEDB_IMAGE).start() : Promise.resolve(undefined),
  ]);
  const running = [redpanda, timescale].flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value] : [],
  );
  const stop = async () => {
    await Promise.allSettled(running.map((container) => container.stop()));
  };
  if (redpanda.status === 'rejected' || timescale.status === 'rejected') {
    await stop();
    const reason =
      redpanda.status === 'rejected' ? redpanda.reason : (timescale as PromiseRejectedResult).reason;
    throw new Error(
      `could not start test containers: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  }

  if (redpanda.value) {
    const result = await redpanda.value.exec([
      'rpk',
      'cluster',
      'config',
      'set',
      'auto_create_topics_enabled',
      'false',
    ]);
    if (result.exitCode !== 0) {
      await stop();
      throw new Error(`could not turn off topic auto-creation in Redpanda: ${result.output}`);
    }
  }
  progress(`containers ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    kafkaBrokers: redpanda.value?.getBootstrapServers(),
    databaseUrl: timescale.value?.getConnectionUri(),
    stop,
  };
}
