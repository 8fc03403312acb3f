import { createHash } from 'node:crypto';
import { DlqHeaders } from '@mdp/contracts/headers';
import { uniqueGroupId } from '@mdp/runtime/testing';
import type { SinkApp } from './app';
import { tick } from './testing/fixtures';
import { readDlq, tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { startSinkApp } from './testing/sink-harness';

const POISON = `SELECT count(*)::int AS n FROM ticks WHERE base = 'PSN'`;

describe('fixed-sink with a message too large for its DLQ (real broker and PostgreSQL)', () => {
  let s: Scenario;
  let app: SinkApp;

  beforeAll(async () => {
    // The DLQ accepts far less than the tick topic: a copy of the huge message cannot fit.
    s = await scenario('poison', { dlqConfigs: { 'max.message.bytes': '20000' } });
    ({ app } = startSinkApp(s.env({ KAFKA_CLIENT_ID: 'sink-poison-test', SINK_GROUP_ID: s.groupId })));
    await app.start();
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await s?.cleanup();
  }, 60_000);

  it('dead-letters an excerpt with source, size and hash, stores the valid rows and commits past it', async () => {
    const dlq = await readDlq(s.kafka, s.topics.dlq('fixed-sink'), uniqueGroupId('dlq-reader'));
    try {
      const valid = (i: number) =>
        tickRecord(tick({ base: 'PSN', ts: 1_740_000_000_000 + i, tradeId: `p${i}` }));
      const key = valid(0).key; // one key: one partition, in this order
      const huge = Buffer.alloc(300_000, '{');
      await s.producer.send(s.topics.ticks, [
        valid(0),
        { key, value: huge },
        { key, value: 'not json' },
        valid(1),
      ]);
      await s.countReaches(POISON, 2);
      const deadline = Date.now() + 30_000;
      while (dlq.records.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const poison = dlq.records.find((r) => r.headers[DlqHeaders.sourceOffset] === '1');
      expect(poison?.headers).toMatchObject({
        [DlqHeaders.sourceTopic]: s.topics.ticks,
        [DlqHeaders.reasonCode]: 'invalid_json',
        [DlqHeaders.form]: 'excerpt',
        [DlqHeaders.originalBytes]: '300000',
        [DlqHeaders.originalSha256]: createHash('sha256').update(huge).digest('hex'),
        [DlqHeaders.app]: 'fixed-sink',
      });
      expect(poison?.headers[DlqHeaders.sourcePartition]).toMatch(/^\d+$/);
      expect(poison?.value?.length).toBeLessThanOrEqual(4096);
      const invalid = dlq.records.find((r) => r.headers[DlqHeaders.sourceOffset] === '2');
      expect(invalid?.value).toBe('not json');
      const admin = s.kafka.admin();
      await admin.connect();
      try {
        const deadlineCommit = Date.now() + 30_000;
        let committed = 0;
        while (committed < 4 && Date.now() < deadlineCommit) {
          const [offsets] = await admin.fetchOffsets({ groupId: s.groupId, topics: [s.topics.ticks] });
          committed = (offsets?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
          if (committed < 4) await new Promise((r) => setTimeout(r, 200));
        }
        expect(committed).toBe(4);
      } finally {
        await admin.disconnect();
      }
      expect(await s.count(POISON)).toBe(2);
    } finally {
      await dlq.stop();
    }
  }, 90_000);
});
