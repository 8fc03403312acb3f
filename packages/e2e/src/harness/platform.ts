import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type TopicNames, topicNames } from '@mdp/contracts/topic-names';
import { findFreePort } from '@mdp/local-infra/free-port';
import type { Kafka } from 'kafkajs';
import { createTestDatabase, type TestDatabase } from './database';
import { readyStatus, request } from './http';
import { deleteTopics, testKafka } from './kafka';
import { createLogDir } from './log-dir';
import { entryPoint, type ProcessName, SERVICE_NAMES, type ServiceName } from './repo-paths';
import { serviceEnv, simulatorArgs } from './service-env';
import { createServiceProcess, type ServiceProcess } from './service-process';
import { type SimulatorApi, simulatorApi } from './simulator-api';
import { sleep, waitFor } from './wait';

export type PlatformOptions = {
  /** Names the namespace, database and log folder of this test file. */
  label: string;
  brokers: string;
  /** Server-level URL; the platform creates a database of its own from it. */
  serverDatabaseUrl: string;
  pairs?: readonly string[];
  tickRate?: number;
  /** Extra or overriding environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
};

export type Platform = {
  readonly namespace: string;
  readonly topics: TopicNames;
  readonly pairs: readonly string[];
  readonly db: TestDatabase;
  readonly kafka: Kafka;
  readonly logDir: string;
  readonly processes: Readonly<Record<ProcessName, ServiceProcess>>;
  readonly urls: Readonly<Record<ProcessName, string>>;
  readonly simulator: SimulatorApi;
  /** Two applications' API keys (app ids app-alpha and app-beta). */
  readonly apiKeys: { readonly alpha: string; readonly beta: string };
  readonly adminToken: string;
  waitReady(names?: readonly ProcessName[], timeoutMs?: number): Promise<void>;
  /** Kills a service with a signal, leaves it down for `downMs`, starts it again (not waiting). */
  bounce(name: ServiceName, signal: NodeJS.Signals, downMs: number): Promise<void>;
  /** Log tails of every process, for failure messages. */
  tails(lines?: number): string;
  stop(): Promise<void>;
};

class DeadProcessError extends Error {}

const DEFAULT_PAIRS = ['BTC-USD', 'ETH-USD', 'SOL-USD'];
const ALL: readonly ProcessName[] = ['simulator', ...SERVICE_NAMES];

/** Starts the simulator and the four services as processes, on a namespace and database of their own. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const id = randomBytes(3).toString('hex');
  const namespace = `e2e-${options.label}-${id}`.slice(0, 40);
  const topics = topicNames(namespace);
  const pairs = options.pairs ?? DEFAULT_PAIRS;
  const logDir = createLogDir(options.label);
  const db = await createTestDatabase(
    options.serverDatabaseUrl,
    `e2e_${options.label.replace(/-/g, '_')}_${id}`,
  );
  const kafka = testKafka(options.brokers.split(','));
  const ports = {} as Record<ProcessName, number>;
  for (const name of ALL) ports[name] = await findFreePort();
  const urls = Object.fromEntries(ALL.map((n) => [n, `http://127.0.0.1:${ports[n]}`])) as Record<
    ProcessName,
    string
  >;
  const apiKeys = {
    alpha: `alpha-${randomBytes(12).toString('hex')}`,
    beta: `beta-${randomBytes(12).toString('hex')}`,
  };
  const adminToken = randomBytes(16).toString('hex');
  const env = serviceEnv({
    brokers: options.brokers,
    databaseUrl: db.url,
    namespace,
    ports,
    pairs,
    apiKeys: `${apiKeys.alpha}:app-alpha,${apiKeys.beta}:app-beta`,
    adminToken,
  });
  const processes = Object.fromEntries(
    ALL.map((name) => [
      name,
      createServiceProcess({
        name,
        script: entryPoint(name),
        args: name === 'simulator' ? simulatorArgs(ports.simulator, pairs, options.tickRate ?? 2) : [],
        env: { ...env[name], ...(name === 'simulator' ? {} : options.env?.[name]) },
        logFile: join(logDir, `${name}.log`),
      }),
    ]),
  ) as Record<ProcessName, ServiceProcess>;

  const tails = (lines = 15) =>
    ALL.map((n) => `--- ${n} (${processes[n].logFile})\n${processes[n].tail(lines)}`).join('\n');

  const isReady = async (name: ProcessName) =>
    name === 'simulator'
      ? (await request(`${urls.simulator}/_sim/health`).catch(() => ({ status: 0 }))).status === 200
      : (await readyStatus(urls[name])) === 200;

  const waitReady = async (names: readonly ProcessName[] = ALL, timeoutMs = 60_000) => {
    await waitFor(
      async () => {
        // A process that died is not going to become ready: fail now, with its log.
        const dead = names.find((n) => !processes[n].running);
        if (dead)
          throw new DeadProcessError(
            `${dead} exited (${JSON.stringify(processes[dead].exits.at(-1))}):\n${processes[dead].tail(20)}`,
          );
        return (await Promise.all(names.map(isReady))).every(Boolean);
      },
      {
        what: `${names.join(', ')} ready`,
        timeoutMs,
        intervalMs: 250,
        fatal: (error) => error instanceof DeadProcessError,
        describe: async () => {
          const states = await Promise.all(
            names.map(async (n) => `${n}=${(await isReady(n)) ? 'ready' : 'NOT'}`),
          );
          return `${states.join(' ')}\n${tails()}`;
        },
      },
    );
  };

  const stop = async () => {
    // Services first (SIGTERM: they drain and commit), the simulator last.
    await Promise.all(SERVICE_NAMES.map((n) => processes[n].kill('SIGTERM')));
    await processes.simulator.kill('SIGTERM');
    await deleteTopics(kafka, `${namespace}.`).catch(() => {});
    await db.drop().catch(() => {});
  };

  const platform: Platform = {
    namespace,
    topics,
    pairs,
    db,
    kafka,
    logDir,
    processes,
    urls,
    simulator: simulatorApi(urls.simulator),
    apiKeys,
    adminToken,
    waitReady,
    bounce: async (name, signal, downMs) => {
      await processes[name].kill(signal);
      await sleep(downMs);
      processes[name].start();
    },
    tails,
    stop,
  };

  try {
    processes.simulator.start();
    await waitReady(['simulator'], 30_000);
    for (const name of SERVICE_NAMES) processes[name].start();
    await waitReady(ALL, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return platform;
}
