/** What varies between local brokers; everything else is fixed for test nodes. */
export interface ServerPropertiesInput {
  readonly host: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  readonly logDir: string;
  /** Default 1 (the single node). */
  readonly nodeId?: number;
  /** `id@host:port,...` of every controller; default this node alone. */
  readonly voters?: string;
  /** Replication factor of Kafka's internal topics: the cluster's size, at most 3. Default 1. */
  readonly internalReplication?: number;
  /** Settings layered over the defaults (listeners, SASL, TLS, authorizer of a secured cluster). */
  readonly overrides?: Readonly<Record<string, string>>;
}

/**
 * server.properties for a single-node KRaft broker+controller. Internal topics get
 * replication factor 1 (else consumer groups never find a coordinator) and 1 partition
 * (faster start); topics are never auto-created, as on Redpanda, so the platform must create
 * its own. A static voter (`controller.quorum.voters`) is used so that storage formatting
 * needs no extra flag on Kafka 3.9 and 4.x alike.
 */
export function serverProperties(input: ServerPropertiesInput): Record<string, string> {
  const { host, brokerPort, controllerPort, logDir } = input;
  const nodeId = input.nodeId ?? 1;
  const replication = String(input.internalReplication ?? 1);
  // With 3 replicas, 2 in sync keep writes going while one node is down.
  const minIsr = String(Math.max(1, (input.internalReplication ?? 1) - 1));
  return {
    'process.roles': 'broker,controller',
    'node.id': String(nodeId),
    'controller.quorum.voters': input.voters ?? `${nodeId}@${host}:${controllerPort}`,
    listeners: `PLAINTEXT://${host}:${brokerPort},CONTROLLER://${host}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${brokerPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': logDir,
    'num.partitions': '1',
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    'auto.create.topics.enable': 'false',
    'delete.topic.enable': 'true',
    'group.initial.rebalance.delay.ms': '0',
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    'share.coordinator.state.topic.num.partitions': '1',
    // Lets compaction tests see the cleaner run within seconds instead of 15 s.
    'log.cleaner.backoff.ms': '1000',
    ...input.overrides,
  };
}

/** Java .properties text; backslashes are escaped because Java reads them as escapes. */
export function renderProperties(properties: Record<string, string>): string {
  const lines = Object.entries(properties).map(([key, value]) => `${key}=${value.replace(/\\/g, '\\\\')}`);
  return `${lines.join('\n')}\n`;
}
