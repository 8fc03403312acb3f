import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KafkaConfig } from 'kafkajs';
import { type BrokerProcess, spawnBroker } from './broker-process';
import { type ClusterSecurity, scramFormatArgs, securityOverrides } from './cluster-security';
import { waitForClusterNode } from './kafka-cluster-readiness';
import { formatStorage } from './kafka-storage';
import { recordOwnership } from './orphan-reaper';
import { renderProperties, serverProperties } from './server-properties';

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

/** Where one node lives: its folder and ports, chosen before any node starts. */
export type NodePlan = {
  nodeId: number;
  dataDir: string;
  brokerPort: number;
  tlsPort: number | undefined;
  controllerPort: number;
};

/** What every node of one cluster shares. */
export type ClusterContext = {
  host: string;
  launch: { java: string; classpath: string; log4jConfigFile: string; heapMb: number };
  startTimeoutMs: number;
  stopTimeoutMs: number;
  security: ClusterSecurity | undefined;
  voters: string;
  brokers: readonly string[];
  adminAuth: Pick<KafkaConfig, 'sasl'>;
  clusterId: string;
  internalReplication: number;
  isStopped: () => boolean;
};

/** A node plus the steps `startLocalKafkaCluster` runs itself: format, spawn (all at once), wait. */
export type ClusterNode = LocalKafkaNode & {
  prepare(): Promise<void>;
  spawn(): void;
  ready(): Promise<void>;
};

export function createClusterNode(plan: NodePlan, context: ClusterContext): ClusterNode {
  const { host, security, voters, brokers, adminAuth } = context;
  const logDir = join(plan.dataDir, 'data');
  const propertiesFile = join(plan.dataDir, 'server.properties');
  const logFile = join(plan.dataDir, 'broker.log');
  const broker = `${host}:${plan.brokerPort}`;
  const launch = { ...context.launch, propertiesFile, logFile };
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
      timeoutMs: context.startTimeoutMs,
      hasExited: process.hasExited,
      logFile,
    });
  };
  const down = async (how: 'stop' | 'kill') => {
    const process = current;
    current = undefined;
    if (process) await (how === 'stop' ? process.stop(context.stopTimeoutMs) : process.kill());
    await recordOwnership(plan.dataDir, null);
  };
  const start = async () => {
    if (context.isStopped()) throw new Error('the local Kafka cluster was stopped for good');
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
        internalReplication: context.internalReplication,
        ...(overrides ? { overrides } : {}),
      });
      await writeFile(propertiesFile, renderProperties(properties));
      await recordOwnership(plan.dataDir, null);
      await formatStorage({
        ...context.launch,
        propertiesFile,
        clusterId: context.clusterId,
        ...(security ? { extraArgs: scramFormatArgs(security) } : {}),
      });
    },
  };
}
