import { dynamicTopicName } from '@mdp/contracts/topic-names';
import type { CoordinatorApp } from '../app';
import { ControlClient, newNamespace } from '../testing/control-client';
import { startCoordinator } from '../testing/test-app';

jest.setTimeout(90_000);

const ns = newNamespace();
const client = new ControlClient(ns);
let app: CoordinatorApp;
let beating: NodeJS.Timeout | undefined;

beforeAll(async () => {
  app = await startCoordinator(ns, { IDLE_RETIRE_MS: '3000', RETIRE_GRACE_MS: '1000' });
  await client.start();
});

afterAll(async () => {
  clearInterval(beating);
  await app?.stop();
  await client.cleanup();
});

const topicOf = (symbol: string) =>
  dynamicTopicName({ kind: 'ticks', symbols: [symbol], quote: 'USD', market: 'CCCAGG', samplingMs: 0 }, ns);

describe('idle retirement', () => {
  it('retires topics nobody subscribes to: announce, mark, delete after the grace period, tombstone', async () => {
    const used = topicOf('USED');
    const idle = topicOf('IDLE');
    for (const symbol of ['USED', 'IDLE']) {
      const id = await client.request({ kind: 'ticks', symbols: [symbol], quote: 'USD' });
      expect(await client.answer(id)).toMatchObject({ type: 'TopicActivated' });
    }
    const beat = () =>
      client.heartbeat('gw-1', 500, [
        [used, 2],
        [idle, 0],
      ]);
    await beat();
    beating = setInterval(() => void beat(), 500);

    const retiring = await client.waitFor(
      client.events,
      (e) => e.type === 'TopicRetiring' && e.data.topic === idle,
    );
    expect(retiring).toMatchObject({ data: { reason: 'idle' } });
    const marked = await client.record(idle, (r) => r?.status === 'retiring');
    expect(marked?.reason).toBe('idle');
    if (retiring.type === 'TopicRetiring')
      expect(Date.parse(retiring.data.deleteAfter)).toBeGreaterThan(Date.parse(marked?.updatedAt ?? ''));

    await client.waitFor(client.events, (e) => e.type === 'TopicRetired' && e.data.topic === idle);
    expect(await client.record(idle, (r) => r === null)).toBeNull();
    expect(await client.topicExists(idle)).toBe(false);

    // the used topic lives on while its gateway reports subscribers
    expect(await client.topicExists(used)).toBe(true);
    expect(
      client.events.items.filter((e) => e.type === 'TopicRetiring' && e.data.topic === used),
    ).toHaveLength(0);

    // once the gateway goes silent (it died), its subscribers no longer count
    clearInterval(beating);
    await client.waitFor(client.events, (e) => e.type === 'TopicRetired' && e.data.topic === used, 30_000);
    expect(await client.topicExists(used)).toBe(false);
  });

  it('a new request for a retired spec creates the topic again', async () => {
    const id = await client.request({ kind: 'ticks', symbols: ['IDLE'], quote: 'USD' });
    expect(await client.answer(id)).toMatchObject({
      type: 'TopicActivated',
      data: { topic: topicOf('IDLE') },
    });
    expect(await client.topicExists(topicOf('IDLE'))).toBe(true);
  });
});
