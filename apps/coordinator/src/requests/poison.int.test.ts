import { createHash } from 'node:crypto';
import { DlqHeaders } from '@mdp/contracts/headers';
import { ensureTopics } from '@mdp/runtime/topics';
import type { CoordinatorApp } from '../app';
import { loadConfig } from '../config';
import { ControlClient, newNamespace } from '../testing/control-client';
import { eventually, startCoordinator, testEnv } from '../testing/test-app';

jest.setTimeout(90_000);

const ns = newNamespace();
const client = new ControlClient(ns);
let app: CoordinatorApp;

beforeAll(async () => {
  await client.connect();
  // The DLQ accepts far less than the request topic: a copy of the huge request cannot fit.
  await ensureTopics(client.admin, [
    { topic: client.names.dlq('coordinator'), partitions: 1, configs: { 'max.message.bytes': '20000' } },
  ]);
  app = await startCoordinator(ns, { QUOTA_ALLOWED_KINDS: 'ticks' });
  await client.start();
});

afterAll(async () => {
  await app?.stop();
  await client.cleanup();
});

describe('a request too large for the DLQ (real broker)', () => {
  it('dead-letters an excerpt with source, size and hash, answers the requests around it and commits past it', async () => {
    const huge = Buffer.alloc(300_000, '{');
    const first = await client.request({ kind: 'ticks', symbols: ['PSA'], quote: 'USD' });
    await client.sendRaw(huge);
    await client.sendRaw('{not json');
    const last = await client.request({ kind: 'ticks', symbols: ['PSB'], quote: 'USD' });
    expect(await client.answer(first)).toMatchObject({ type: 'TopicActivated' });
    expect(await client.answer(last)).toMatchObject({ type: 'TopicActivated' });

    await client.waitFor(client.dlq, () => client.dlq.items.length >= 2);
    const poison = client.dlq.items.find((d) => d.headers[DlqHeaders.sourceOffset] === '1');
    expect(poison?.headers).toMatchObject({
      [DlqHeaders.sourceTopic]: client.names.requests,
      [DlqHeaders.sourcePartition]: '0',
      [DlqHeaders.reasonCode]: 'invalid_json',
      [DlqHeaders.form]: 'excerpt',
      [DlqHeaders.originalBytes]: '300000',
      [DlqHeaders.originalSha256]: createHash('sha256').update(huge).digest('hex'),
    });
    expect(poison?.value?.length).toBeLessThanOrEqual(4096);
    const garbage = client.dlq.items.find((d) => d.headers[DlqHeaders.sourceOffset] === '2');
    expect(garbage?.value).toBe('{not json');

    const { groupId } = loadConfig(testEnv(ns));
    await eventually(async () => {
      const [offsets] = await client.admin.fetchOffsets({ groupId, topics: [client.names.requests] });
      return offsets?.partitions[0]?.offset === '4';
    });
    expect(app.state()).toMatchObject({ role: 'active', state: 'active' });
  });
});
