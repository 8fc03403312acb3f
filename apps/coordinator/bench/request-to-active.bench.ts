import { ControlClient, newNamespace } from '../src/testing/control-client';
import { startCoordinator } from '../src/testing/test-app';

/**
 * Request → TopicActivated, as a requester sees it (send on control.requests.v1, answer read from
 * control.events.v1), with the coordinator's default timings: for new topics (create + registry +
 * announce) and for specs whose topic is already active (answered at once).
 */
const NEW_TOPICS = 20;
const EXISTING = 50;

function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    max: Math.round(sorted.at(-1) ?? Number.NaN),
    mean: Math.round(mean * 10) / 10,
  };
}

async function timed(client: ControlClient, spec: unknown): Promise<number> {
  const start = performance.now();
  const id = await client.request(spec);
  const answer = await client.answer(id, 60_000);
  if (answer.type !== 'TopicActivated') throw new Error(`rejected: ${JSON.stringify(answer.data)}`);
  return performance.now() - start;
}

test('request-to-active time', async () => {
  const ns = newNamespace();
  const app = await startCoordinator(ns, {
    QUOTA_MAX_TOPICS_PER_APP: '1000',
    DYN_TOPIC_PARTITIONS: '3',
    MAINTENANCE_INTERVAL_MS: '5000',
    RECONCILE_INTERVAL_MS: '60000',
  });
  const client = new ControlClient(ns);
  try {
    await client.start();
    await timed(client, { kind: 'ticks', symbols: ['WARM'], quote: 'USD' });
    const created: number[] = [];
    for (let i = 0; i < NEW_TOPICS; i++)
      created.push(await timed(client, { kind: 'ticks', symbols: [`N${i}`], quote: 'USD' }));
    const existing: number[] = [];
    for (let i = 0; i < EXISTING; i++)
      existing.push(await timed(client, { kind: 'ticks', symbols: ['WARM'], quote: 'USD' }));
    const result = {
      at: new Date().toISOString(),
      machine: `${process.platform} ${process.arch}, node ${process.version}`,
      newTopicMs: summary(created),
      existingTopicMs: summary(existing),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await app.stop();
    await client.cleanup();
  }
});
