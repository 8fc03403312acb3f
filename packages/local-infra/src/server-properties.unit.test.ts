import { renderProperties, serverProperties } from './server-properties';

const input = {
  host: '127.0.0.1',
  brokerPort: 41000,
  controllerPort: 41001,
  logDir: '/tmp/mdp-kafka-x/data',
};

test('a single node is broker and controller, on the given ports, with its own voter', () => {
  const properties = serverProperties(input);
  expect(properties).toMatchObject({
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': '1@127.0.0.1:41001',
    listeners: 'PLAINTEXT://127.0.0.1:41000,CONTROLLER://127.0.0.1:41001',
    'advertised.listeners': 'PLAINTEXT://127.0.0.1:41000',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': '/tmp/mdp-kafka-x/data',
  });
});

test('internal topics fit one node, groups start at once, topics are never auto-created', () => {
  const properties = serverProperties(input);
  for (const key of [
    'offsets.topic.replication.factor',
    'transaction.state.log.replication.factor',
    'transaction.state.log.min.isr',
    'share.coordinator.state.topic.replication.factor',
    'offsets.topic.num.partitions',
    'num.partitions',
  ]) {
    expect([key, properties[key]]).toEqual([key, '1']);
  }
  expect(properties['group.initial.rebalance.delay.ms']).toBe('0');
  expect(properties['auto.create.topics.enable']).toBe('false');
});

test('renders one key=value line per property and escapes backslashes', () => {
  const text = renderProperties({ 'log.dirs': 'C:\\kafka\\data', 'node.id': '1' });
  expect(text).toBe('log.dirs=C:\\\\kafka\\\\data\nnode.id=1\n');
});

test('a cluster node has its own id, every voter, internal topics on 3 replicas with 2 in sync', () => {
  const properties = serverProperties({
    ...input,
    nodeId: 2,
    voters: '1@127.0.0.1:1,2@127.0.0.1:2,3@127.0.0.1:3',
    internalReplication: 3,
    overrides: { 'inter.broker.listener.name': 'SASL_PLAINTEXT' },
  });
  expect(properties).toMatchObject({
    'node.id': '2',
    'controller.quorum.voters': '1@127.0.0.1:1,2@127.0.0.1:2,3@127.0.0.1:3',
    'offsets.topic.replication.factor': '3',
    'transaction.state.log.min.isr': '2',
    'default.replication.factor': '3',
    'min.insync.replicas': '2',
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
  });
});
