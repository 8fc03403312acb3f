import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaConfig } from 'kafkajs';
import { type BrokerProcess, spawnBroker } from './broker-process';
import { type ClusterSecurity, scramFormatArgs, securityOverrides } from './cluster-security';
import { findFreePort } from './free-port';
import { assertJavaUsable, javaExecutable } from './java-runtime';
import { waitForClusterNode } from './kafka-cluster-readiness';
import { ensureKafkaJars } from './kafka-jars';
import { formatStorage, newClusterId } from './kafka-storage';
import { readPinnedKafkaVersion } from './kafka-version';
import { BROKER_DIR_PREFIX, reapOrphanedBrokers, recordOwnership } from './orphan-reaper';
import { type Progress, stderrProgress } from './progress';
import { findKafkaInfraPaths } from './repo-paths';
import { renderProperties, serverProperties } from './server-properties';

export interface LocalKafkaClusterOptions {
  /** Default 3. Every node is broker and controller (a KRaft quorum of `nodes` voters). */
  readonly nodes?: number;
  readonly host?: string;
  /** Per node; default 384 (three JVMs on a small test machine). */
  readonly heapMb?: number;
  readonly startTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
  readonly progress?: Progress;
  /** SASL (SCRAM, PLAIN) + StandardAuthorizer, optionally a TLS listener; plain TCP without. */
  readonly security?: ClusterSecurity;
}

/** One node of a local cluster. Stopping or killing it keeps its ports and data for start(). */
export interface LocalKafkaNode {
  readonly nodeId: number;
  /** The client listener (SASL_PLAINTEXT on a secured cluster). */
  readonly broker: string;
  /** The SASL_SSL listener, when the cluster has TLS. */
  readonly tlsBroker: string | undefined;
  readonly dataDir: string;
  readonly logFile: string;
  isRunning(): boolean;
  /** SIGTERM: Kafka's clean shutdown (leadership moves away first). */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
  /** Starts the JVM again and waits until the node is back in the cluster. */
  start(): Promise<void>;
  restart(): Promise<void>;
}

export interface LocalKafkaCluster {
  /** Every node's client listener. */
  readonly brokers: readonly string[];
  /** Every node's SASL_SSL listener, when the cluster has TLS. */
  readonly tlsBrokers: readonly string[];
  readonly nodes: readonly LocalKafkaNode[];
  readonly version: string;
  /** kafkajs `sasl` for the admin (super) user; empty on a plain cluster. */
  readonly adminAuth: Pick<KafkaConfig, 'sasl'>;
  /** Stops every node and deletes the data. Safe to call twice. */
  stop(): Promise<void>;
}

type NodePlan = {
  nodeId: number;
  dataDir: string;
  brokerPort: number;
  tlsPort: number | undefined;
  controllerPort: number;
};

/** A multi-node Apache Kafka (KRaft) cluster from the Maven jars, for tests of replication and security. */
export async function startLocalKafkaCluster(
  options: LocalKafkaClusterOptions = {},
): Promise<LocalKafkaCluster> {
  const progress = options.progress ?? stderrProgress;
  const host = options.host ?? '127.0.0.1';
  const count = options.nodes ?? 3;
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 20_000;
  const security = options.security;
  if (!Number.isInteger(count) || count < 1) throw new Error('a cluster needs at least one node');

  const paths = findKafkaInfraPaths();
  const version = readPinnedKafkaVersion(paths.pomFile);
  const java = javaExecutable();
  await assertJavaUsable(java);
  const classpath = join(await ensureKafkaJars(paths, version, progress), '*');
  await reapOrphanedBrokers(tmpdir());

  const plans: NodePlan[] = [];
  for (let nodeId = 1; nodeId <= count; nodeId++) {
    plans.push({
      nodeId,
      dataDir: await mkdtemp(join(tmpdir(), BROKER_DIR_PREFIX)),
      brokerPort: await findFreePort(host),
      tlsPort: security?.tls ? await findFreePort(host) : undefined,
      controllerPort: await findFreePort(host),
    });
  }
  const voters = plans.map((p) => `${p.nodeId}@${host}:${p.controllerPort}`).join(',');
  const brokers = plans.map((p) => `${host}:${p.brokerPort}`);
  const adminAuth: Pick<KafkaConfig, 'sasl'> = security
    ? {
        sasl: {
          mechanism: 'scram-sha-256',
          username: security.admin.name,
          password: security.admin.password,
        },
      }
    : {};
  const clusterId = newClusterId();
  let stopped = false;

  const makeNode = (
    plan: NodePlan,
  ): LocalKafkaNode & { prepare(): Promise<void>; spawn(): void; ready(): Promise<void> } => {
    const logDir = join(plan.dataDir, 'data');
    const propertiesFile = join(plan.dataDir, 'server.properties');
    const logFile = join(plan.dataDir, 'broker.log');
    const broker = `${host}:${plan.brokerPort}`;
    const launch = {
      java,
      classpath,
      log4jConfigFile: paths.log4jConfigFile,
      propertiesFile,
      logFile,
      heapMb: options.heapMb ?? 384,
    };
    let current: BrokerProcess | undefined;
    const spawn = () => {
      current = spawnBroker(launch);
      void recordOwnership(plan.dataDir, current.pid);
    };
    const ready = async () => {
      const process = current;
      if (!process) throw new Error(`node ${plan.nodeId} is not running`);
      await waitForClusterNode({
        broker,
        nodeId: plan.nodeId,
        brokers,
        auth: adminAuth,
        timeoutMs: startTimeoutMs,
        hasExited: process.hasExited,
        logFile,
      });
    };
    const down = async (how: 'stop' | 'kill') => {
      const process = current;
      current = undefined;
      if (process) await (how === 'stop' ? process.stop(stopTimeoutMs) : process.kill());
      await recordOwnership(plan.dataDir, null);
    };
    const start = async () => {
      if (stopped) throw new Error('the local Kafka cluster was stopped for good');
      if (current && !current.hasExited()) return;
      spawn();
      await ready();
    };
    return {
      nodeId: plan.nodeId,
      broker,
      tlsBroker: plan.tlsPort === undefined ? undefined : `${host}:${plan.tlsPort}`,
      dataDir: plan.dataDir,
      logFile,
      isRunning: () => current !== undefined && !current.hasExited(),
      stop: () => down('stop'),
      kill: () => down('kill'),
      start,
      restart: async () => {
        await down('stop');
        await start();
      },
      spawn,
      ready,
      prepare: async () => {
        await mkdir(logDir);
        const base = { host, brokerPort: plan.brokerPort, controllerPort: plan.controllerPort, logDir };
        const overrides = security
          ? securityOverrides(security, {
              host,
              saslPort: plan.brokerPort,
              tlsPort: plan.tlsPort,
              controllerPort: plan.controllerPort,
            })
          : undefined;
        const properties = serverProperties({
          ...base,
          nodeId: plan.nodeId,
          voters,
          internalReplication: Math.min(3, count),
          ...(overrides ? { overrides } : {}),
        });
        await writeFile(propertiesFile, renderProperties(properties));
        await recordOwnership(plan.dataDir, null);
        await formatStorage({
          java,
          classpath,
          log4jConfigFile: paths.log4jConfigFile,
          propertiesFile,
          clusterId,
          ...(security ? { extraArgs: scramFormatArgs(security) } : {}),
        });
      },
    };
  };

  const nodes = plans.map(makeNode);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // All at once: a quorum that loses its majority makes the last nodes wait for the others.
    await Promise.all(nodes.map((n) => n.stop()));
    await Promise.all(plans.map((p) => rm(p.dataDir, { recursive: true, force: true })));
  };

  try {
    const started = Date.now();
    progress(
      `starting a ${count}-node Kafka ${version} cluster (data in ${plans.map((p) => p.dataDir).join(', ')})`,
    );
    // Sequentially: each format is a JVM, and two cores are all a test machine may have.
    for (const node of nodes) await node.prepare();
    // Together: no node serves before a majority of the controllers is up.
    for (const node of nodes) node.spawn();
    for (const node of nodes) await node.ready();
    progress(
      `Kafka cluster answering on ${brokers.join(',')} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    brokers,
    tlsBrokers: nodes.flatMap((n) => (n.tlsBroker ? [n.tlsBroker] : [])),
    nodes: nodes.map(({ prepare: _p, spawn: _s, ready: _r, ...node }) => node),
    version,
    adminAuth,
    stop,
  };
}
