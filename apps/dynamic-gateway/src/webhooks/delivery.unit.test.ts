import { FeedCursor } from '../streams/feed-cursor';
import { type FeedEntry, TopicFeed } from '../topics/feed';
import { type PostFn, type PostResult, WebhookDelivery } from './delivery';
import { verifyWebhook, WebhookHeaders } from './signature';

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

function setup(answers: PostResult[], post?: PostFn) {
  const feed = new TopicFeed('t', 100);
  feed.markLive([0]);
  const posts: Array<{ body: string; headers: Record<string, string> }> = [];
  const outcomes: string[] = [];
  const failures: string[] = [];
  const internalErrors: unknown[] = [];
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
    post ??
      (async (_url, body, headers) => {
        posts.push({ body, headers });
        return answers.shift() ?? { status: 200 };
      }),
    {
      onAttempt: (o) => outcomes.push(o),
      onDelivered: () => {},
      onFailure: (reason) => failures.push(reason),
      onInternalError: (e) => internalErrors.push(e),
      onDisabled: (r) => outcomes.push(`disabled:${r}`),
    },
    () => 0.5,
  );
  return { feed, posts, outcomes, failures, internalErrors, delivery };
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
    const { feed, posts, outcomes, failures } = setup([
      { status: 503 },
      { error: 'network_error' },
      { status: 200 },
      { status: 400 },
    ]);
    feed.append([entry(0), entry(1), entry(2)]);
    await settle();
    expect(outcomes).toEqual(['retry', 'retry', 'delivered', 'failed']);
    expect(failures).toEqual(['http_status_5xx', 'network_error', 'http_status_4xx']);
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
      lastError: 'http_status_5xx',
    });
    feed.append([entry(5)]);
    await settle();
    expect(posts).toHaveLength(6);
  });

  it('ends only the webhook whose delivery path throws: recorded, reported, never unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    try {
      const broken = setup([], async () => {
        throw new Error('signing failed at 10.0.0.7:8443');
      });
      const healthy = setup([]);
      // A serialising error: the entry's JSON cannot be read.
      const poisoned = setup([]);
      // The feed reads it once to size the entry; the delivery's read is the one that throws.
      const bad = entry(0);
      const { json } = bad;
      let reads = 0;
      Object.defineProperty(bad, 'json', {
        get: () => {
          reads += 1;
          if (reads > 1) throw new Error('cannot serialise');
          return json;
        },
      });
      broken.feed.append([entry(0), entry(1)]);
      healthy.feed.append([entry(0), entry(1)]);
      poisoned.feed.append([bad]);
      await settle();
      for (const t of [broken, poisoned]) {
        expect(t.delivery.status).toMatchObject({
          state: 'disabled',
          disabledReason: 'internal_error',
          lastError: 'internal_error',
        });
        expect(t.internalErrors).toHaveLength(1);
        expect(t.failures).toEqual(['internal_error']);
        expect(t.outcomes).toEqual(['disabled:internal_error']);
      }
      expect(healthy.delivery.status).toMatchObject({ state: 'active', deliveredMessages: 2 });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
    }
  });
});
