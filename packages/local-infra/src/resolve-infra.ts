import { startContainers } from './containers';
import { findDockerHost } from './docker';
import { type LocalKafka, startLocalKafka } from './kafka-broker';
import { ensureLocalPostgres, LOCAL_DATABASE_URL } from './postgres';
import { type Progress, stderrProgress } from './progress';

export type InfraSource = 'env' | 'containers' | 'local';

export interface Infra {
  /** Comma-separated host:port list, as KAFKA_BROKERS carries it. */
  readonly kafkaBrokers: string;
  readonly databaseUrl: string;
  /** Where what was started came from ('env' when nothing had to be started). */
  readonly source: InfraSource;
  readonly sources: { readonly kafka: InfraSource; readonly database: InfraSource };
  /** The local broker when source is 'local', for tests that stop and restart it. */
  readonly localKafka?: LocalKafka;
  stop(): Promise<void>;
}

/** The side effects resolveInfra may use; tests pass fakes. */
export interface InfraStarters {
  findDockerHost(env: NodeJS.ProcessEnv): Promise<string | undefined>;
  startContainers: typeof startContainers;
  startLocalKafka: typeof startLocalKafka;
  ensureLocalPostgres(progress: Progress): Promise<string>;
}

export const realStarters: InfraStarters = {
  findDockerHost: (env) => findDockerHost(env),
  startContainers,
  startLocalKafka,
  ensureLocalPostgres: (progress) => ensureLocalPostgres(LOCAL_DATABASE_URL, progress),
};

export interface ResolveInfraOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly progress?: Progress;
  /** Told when a local broker dies on its own (not through stop/pause). */
  readonly onBrokerExit?: (code: number | null) => void;
}

/** MDP_INFRA=local|containers skips the Docker check and forces that way of starting things. */
async function chooseStarter(env: NodeJS.ProcessEnv, starters: InfraStarters) {
  const forced = env.MDP_INFRA;
  if (forced !== undefined && forced !== '' && forced !== 'local' && forced !== 'containers') {
    throw new Error(`MDP_INFRA must be 'local' or 'containers', got ${JSON.stringify(forced)}`);
  }
  if (forced === 'local') return { kind: 'local' as const };
  const dockerHost = await starters.findDockerHost(env);
  if (dockerHost) return { kind: 'containers' as const, dockerHost };
  if (forced === 'containers') throw new Error('MDP_INFRA=containers, but no Docker engine answers');
  return { kind: 'local' as const };
}

/**
 * A Kafka-protocol broker and a PostgreSQL, each found in this order: KAFKA_BROKERS /
 * DATABASE_URL from the environment; testcontainers (Redpanda, TimescaleDB) when a Docker
 * engine answers; else a local Apache Kafka from the Maven jars and the machine's PostgreSQL.
 */
export async function resolveInfra(
  options: ResolveInfraOptions = {},
  starters: InfraStarters = realStarters,
): Promise<Infra> {
  const env = options.env ?? process.env;
  const progress = options.progress ?? stderrProgress;
  const envKafka = env.KAFKA_BROKERS?.trim() || undefined;
  const envDatabase = env.DATABASE_URL?.trim() || undefined;

  if (envKafka && envDatabase) {
    const sources = { kafka: 'env', database: 'env' } as const;
    return { kafkaBrokers: envKafka, databaseUrl: envDatabase, source: 'env', sources, stop: async () => {} };
  }

  const starter = await chooseStarter(env, starters);
  if (starter.kind === 'containers') {
    const wishes = { kafka: !envKafka, database: !envDatabase };
    const containers = await starters.startContainers(wishes, starter.dockerHost, progress);
    return {
      kafkaBrokers: envKafka ?? required(containers.kafkaBrokers, 'Redpanda bootstrap servers'),
      databaseUrl: envDatabase ?? required(containers.databaseUrl, 'TimescaleDB connection URI'),
      source: 'containers',
      sources: { kafka: envKafka ? 'env' : 'containers', database: envDatabase ? 'env' : 'containers' },
      stop: () => containers.stop(),
    };
  }

  const databaseUrl = envDatabase ?? (await starters.ensureLocalPostgres(progress));
  const localKafka = envKafka
    ? undefined
    : await starters.startLocalKafka({ progress, onUnexpectedExit: options.onBrokerExit });
  return {
    kafkaBrokers: envKafka ?? (localKafka?.brokers ?? []).join(','),
    databaseUrl,
    source: 'local',
    sources: { kafka: envKafka ? 'env' : 'local', database: envDatabase ? 'env' : 'local' },
    localKafka,
    stop: async () => {
      await localKafka?.stop();
    },
  };
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`containers started without a ${what}`);
  return value;
}
