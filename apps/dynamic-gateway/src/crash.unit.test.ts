import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { waitUntil } from '@mdp/runtime/wait-until';
import { fromCallback, fromPromise } from 'xstate';
import { createApp } from './app';
import { loadConfig } from './config';
import { topicReaderMachine } from './machine';

/** The gateway started without Kafka (its start and stop do nothing), whose topic reader fails. */
function crashingGateway(onFatal: (reason: string, error?: unknown) => void) {
  const config = loadConfig({
    // Nothing listens there; no retries, so the stop after the crash does not wait for a broker.
    KAFKA_BROKERS: '127.0.0.1:1',
    KAFKA_RETRIES: '0',
    HTTP_PORT: '0',
    GATEWAY_API_KEYS: 'key-a-0123456789abcdef:app-a',
  });
  return createApp(config, {
    logger: createLogger({ service: 'dynamic-gateway', level: 'silent' }),
    registry: createMetricsRegistry('dynamic-gateway', { defaultMetrics: false }),
    onFatal,
    provide: {
      actors: {
        startGateway: fromPromise(async () => {}),
        stopGateway: fromPromise(async () => {}),
        // A reader whose consumer throws instead of sending a failure event (a bug): neither the
        // reader's chart nor the root's has an edge for it.
        topicReader: topicReaderMachine.provide({
          actors: {
            topicConsumer: fromCallback(() => {
              throw new Error('a bug in the topic reader');
            }),
          },
        }),
      },
    },
  });
}

describe('the gateway root machine failing', () => {
  it('calls the crash hook (the entry point logs it fatal and exits 70) and fails /healthz', async () => {
    const fatal: Array<{ reason: string; error: unknown }> = [];
    const app = crashingGateway((reason, error) => fatal.push({ reason, error }));
    await app.start();
    const base = `http://127.0.0.1:${app.port()}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      // The first client of a topic starts its reader.
      app.components.hub.acquire('mdp.dyn.crash', 'ticks', 100).catch(() => {});

      expect(await waitUntil(() => fatal.length > 0, { timeoutMs: 5_000, intervalMs: 10 })).toBe(true);
      expect(fatal).toEqual([
        {
          reason: 'gateway machine failed',
          error: expect.objectContaining({ message: 'a bug in the topic reader' }),
        },
      ]);
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
    } finally {
      await app.stop();
    }
  }, 20_000);
});
