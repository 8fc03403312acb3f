/** What varies between local brokers; everything else is fixed for a single test node. */
export interface ServerPropertiesInput {
  readonly host: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  readonly logDir: string;
}

const NODE_ID = 1;

/**
 * server.properties for a single-node KRaft broker+controller. Internal topics get
 * replication factor 1 (else consumer groups never find a coordinator) and 1 partition
 * (faster start); topics are never auto-created, as on Redpanda, so the platform must create
 * its own. A static voter (`controller.quorum.voters`) is used so that storage formatting
 * needs no extra flag on Kafka 3.9 and 4.x alike.
 */
export function serverProperties(input: ServerPropertiesInput): Record<string, string> {
  const { host, brokerPort, controllerPort, logDir } = input;
  return {
    'process.roles': 'broker,controller',
    'node.id': String(NODE_ID),
    'controller.quorum.voters': `${NODE_ID}@${host}:${controllerPort}`,
    listeners: `PLAINTEXT://${host}:${brokerPort},CONTROLLER://${host}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${brokerPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': logDir,
    'num.partitions': '1',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'auto.create.topics.enable': 'false',
    'delete.topic.enable': 'true',
    'group.initial.rebalance.delay.ms': '0',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'share.coordinator.state.topic.num.partitions': '1',
    // Lets compaction tests see the cleaner run within seconds instead of 15 s.
    'log.cleaner.backoff.ms': '1000',
  };
}

/** Java .properties text; backslashes are escaped because Java reads them as escapes. */
export function renderProperties(properties: Record<string, string>): string {
  const lines = Object.entries(properties).map(([key, value]) => `${key}=${value.replace(/\\/g, '\\\\')}`);
  return `${lines.join('\n')}\n`;
}
