import { FeedCursor } from './feed-cursor';
import { type FeedEntry, TopicFeed } from './topic-feed';
import { type PostResult, WebhookDelivery } from './webhook-delivery';
import { verifyWebhook, WebhookHeaders } from './webhook-signature';

const entry = (offset: number): FeedEntry => ({
  seq: -1,
  partition: 0,
  offset,
  key: 'K',
  json: `{"n":${offset}}`,
  timestamp: 1,
});
const settings = {
  maxAttempts: 3,
  batchMessages: 2,
  lingerMs: 0,
  retryBaseMs: 10,
  retryMaxMs: 40,
  disableAfterFailedBatches: 2,
};

function setup(answers: PostResult[]) {
  const feed = new TopicFeed('t', 100);
  feed.markLive([0]);
  const posts: Array<{ body: string; headers: Record<string, string> }> = [];
  const outcomes: string[] = [];
  let delivery: WebhookDelivery | undefined;
  const cursor = new FeedCursor(feed, [0], {
    policy: 'drop-oldest',
    maxBuffer: 50,
    onReadable: () => delivery?.onReadable(),
    onSlow: () => {},
  });
  delivery = new WebhookDelivery(
    'w1',
    'http://example.com/hook',
    't',
    'secret-secret-secret',
    () => cursor,
    settings,
    async (_url, body, headers) => {
      posts.push({ body, headers });
      return answers.shift() ?? { status: 200 };
    },
    {
      onAttempt: (o) => outcomes.push(o),
      onDelivered: () => {},
      onDisabled: (r) => outcomes.push(`disabled:${r}`),
    },
    () => 0.5,
  );
  return { feed, posts, outcomes, delivery };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('WebhookDelivery', () => {
  it('sends signed batches in order with sequence numbers', async () => {
    const { feed, posts, delivery } = setup([]);
    feed.append([entry(0), entry(1), entry(2)]);
    await settle();
    expect(posts.map((p) => JSON.parse(p.body))).toEqual([
      { webhookId: 'w1', topic: 't', sequence: 1, position: '2', messages: [{ n: 0 }, { n: 1 }] },
      { webhookId: 'w1', topic: 't', sequence: 2, position: '3', messages: [{ n: 2 }] },
    ]);
    for (const { body, headers } of posts)
      expect(
        verifyWebhook(
          'secret-secret-secret',
          headers[WebhookHeaders.timestamp] ?? '',
          body,
          headers[WebhookHeaders.signature] ?? '',
        ),
      ).toBe(true);
    expect(delivery.status).toMatchObject({ state: 'active', deliveredBatches: 2, deliveredMessages: 3 });
  });

  it('retries 5xx and network errors with the same delivery id, not a 4xx', async () => {
    const { feed, posts, outcomes } = setup([
      { status: 503 },
      { error: 'ECONNRESET' },
      { status: 200 },
      { status: 400 },
    ]);
    feed.append([entry(0), entry(1), entry(2)]);
    await settle();
    expect(outcomes).toEqual(['retry', 'retry', 'delivered', 'failed']);
    const ids = posts.map((p) => p.headers[WebhookHeaders.delivery]);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(posts).toHaveLength(4);
  });

  it('gives a batch up after maxAttempts, tells the next batch, and disables after repeated give-ups', async () => {
    const { feed, posts, outcomes, delivery } = setup(Array.from({ length: 6 }, () => ({ status: 500 })));
    feed.append([entry(0), entry(1), entry(2), entry(3), entry(4)]);
    await settle();
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(2);
    expect(outcomes.at(-1)).toMatch(/^disabled:/);
    expect(JSON.parse(posts[3]?.body ?? '{}').undelivered).toEqual({
      sequence: 1,
      from: '0',
      to: '2',
      messages: 2,
    });
    expect(delivery.status).toMatchObject({
      state: 'disabled',
      failedBatches: 2,
      consecutiveFailures: 2,
      lastError: 'HTTP 500',
    });
    feed.append([entry(5)]);
    await settle();
    expect(posts).toHaveLength(6);
  });
});
