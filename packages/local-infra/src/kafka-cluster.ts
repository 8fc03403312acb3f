import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaConfig } from 'kafkajs';
import type { ClusterSecurity } from './cluster-security';
import { findFreePort } from './free-port';
import { assertJavaUsable, javaExecutable } from './java-runtime';
import {
  type ClusterContext,
  createClusterNode,
  type LocalKafkaNode,
  type NodePlan,
} from './kafka-cluster-node';
import { ensureKafkaJars } from './kafka-jars';
import { newClusterId } from './kafka-storage';
import { readPinnedKafkaVersion } from './kafka-version';
import { BROKER_DIR_PREFIX, reapOrphanedBrokers } from './orphan-reaper';
import { type Progress, stderrProgress } from './progress';
import { findKafkaInfraPaths } from './repo-paths';

export type { LocalKafkaNode } from './kafka-cluster-node';

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

  const context: ClusterContext = {
    host,
    launch: { java, classpath, log4jConfigFile: paths.log4jConfigFile, heapMb: options.heapMb ?? 384 },
    startTimeoutMs,
    stopTimeoutMs,
    security,
    voters,
    brokers,
    adminAuth,
    clusterId,
    internalReplication: Math.min(3, count),
    isStopped: () => stopped,
  };
  const nodes = plans.map((plan) => createClusterNode(plan, context));
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
