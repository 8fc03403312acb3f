import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrokerProcess, spawnBroker } from './broker-process';
import { findFreePort } from './free-port';
import { assertJavaUsable, javaExecutable } from './java-runtime';
import { ensureKafkaJars } from './kafka-jars';
import { waitForKafka } from './kafka-readiness';
import { formatStorage, newClusterId } from './kafka-storage';
import { readPinnedKafkaVersion } from './kafka-version';
import { BROKER_DIR_PREFIX, reapOrphanedBrokers, recordOwnership } from './orphan-reaper';
import { type Progress, stderrProgress } from './progress';
import { findKafkaInfraPaths } from './repo-paths';
import { renderProperties, serverProperties } from './server-properties';

export interface LocalKafkaOptions {
  readonly host?: string;
  readonly heapMb?: number;
  readonly startTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
  readonly progress?: Progress;
  /** Called when the JVM exits on its own (not through stop/pause), e.g. to fail `npm start`. */
  readonly onUnexpectedExit?: (code: number | null) => void;
}

/** A single-node Apache Kafka (KRaft) broker running from the Maven jars. */
export interface LocalKafka {
  /** host:port list for clients, e.g. ['127.0.0.1:40123']. */
  readonly brokers: readonly string[];
  readonly version: string;
  readonly dataDir: string;
  readonly logFile: string;
  /** Stops the JVM but keeps port, data and cluster id: the broker is down until resume(). */
  pause(): Promise<void>;
  /** Starts the JVM again on the same port and data, and waits until it answers. */
  resume(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the JVM and deletes the data folder. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalKafka(options: LocalKafkaOptions = {}): Promise<LocalKafka> {
  const progress = options.progress ?? stderrProgress;
  const host = options.host ?? '127.0.0.1';
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 20_000;

  const paths = findKafkaInfraPaths();
  const version = readPinnedKafkaVersion(paths.pomFile);
  const java = javaExecutable();
  await assertJavaUsable(java);
  const libDir = await ensureKafkaJars(paths, version, progress);
  // The JVM expands a trailing '*' to every jar in the folder.
  const classpath = join(libDir, '*');

  const reaped = await reapOrphanedBrokers(tmpdir());
  if (reaped > 0) progress(`cleaned up ${reaped} broker(s) left behind by an earlier crashed run`);

  const dataDir = await mkdtemp(join(tmpdir(), BROKER_DIR_PREFIX));
  const logDir = join(dataDir, 'data');
  const propertiesFile = join(dataDir, 'server.properties');
  const logFile = join(dataDir, 'broker.log');
  const brokerPort = await findFreePort(host);
  const controllerPort = await findFreePort(host);
  const brokers = [`${host}:${brokerPort}`];
  const launch = {
    java,
    classpath,
    log4jConfigFile: paths.log4jConfigFile,
    propertiesFile,
    logFile,
    heapMb: options.heapMb ?? 512,
  };

  let current: BrokerProcess | undefined;
  let stopped = false;

  const startJvm = async () => {
    const started = Date.now();
    const broker = spawnBroker(launch);
    current = broker;
    let serving = false;
    await recordOwnership(dataDir, broker.pid);
    broker.exited.then((code) => {
      // A death during start is reported by waitForKafka; after that, nobody asked for it.
      if (current === broker && !stopped && serving) {
        current = undefined;
        options.onUnexpectedExit?.(code);
      }
    });
    await waitForKafka({ brokers, timeoutMs: startTimeoutMs, hasExited: broker.hasExited, logFile });
    serving = true;
    progress(
      `Kafka ${version} answering on ${brokers.join(',')} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  };

  const stopJvm = async () => {
    const broker = current;
    current = undefined;
    if (broker) await broker.stop(stopTimeoutMs);
    await recordOwnership(dataDir, null);
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopJvm();
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await mkdir(logDir);
    await writeFile(
      propertiesFile,
      renderProperties(serverProperties({ host, brokerPort, controllerPort, logDir })),
    );
    await recordOwnership(dataDir, null);
    progress(`starting Kafka ${version} (data and log in ${dataDir})`);
    await formatStorage({
      java,
      classpath,
      log4jConfigFile: paths.log4jConfigFile,
      propertiesFile,
      clusterId: newClusterId(),
    });
    await startJvm();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    brokers,
    version,
    dataDir,
    logFile,
    pause: async () => {
      if (stopped) throw new Error('the local Kafka broker was stopped for good');
      await stopJvm();
    },
    resume: async () => {
      if (stopped) throw new Error('the local Kafka broker was stopped for good');
      if (current && !current.hasExited()) return;
      await startJvm();
    },
    restart: async () => {
      if (stopped) throw new Error('the local Kafka broker was stopped for good');
      await stopJvm();
      await startJvm();
    },
    stop,
  };
}
