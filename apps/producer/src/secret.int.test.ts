import { eventually } from '@mdp/runtime/testing';
import { type Harness, sleep, startHarness } from './testing/harness';

jest.setTimeout(120_000);

const KEY = 'sim-key-4f1c2a9b7e3d';
const WRONG = 'wrong-key-8d2e6f0a1b5c';

describe('the API key never leaks (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('is in no log line and no metric, through auth failures, server errors, bad bodies and dropped sockets', async () => {
    h = await startHarness({
      sim: { pairs: ['BTC-USD'], tickRate: 2, apiKey: KEY, heartbeatMs: 1_000 },
      env: {
        PRODUCER_POLL_INTERVAL_MS: '250',
        PRODUCER_PAIRS: 'BTC-USD',
        PRODUCER_STREAM_HEARTBEAT_MS: '1000',
        LOG_LEVEL: 'debug',
      },
    });
    // A wrong key first: REST 401s and streamer 401 frames.
    await h.startProducer({ CRYPTOCOMPARE_API_KEY: WRONG });
    await eventually(
      async () => (await h.metric('producer_api_errors_total', { type: 'unauthorized' })) > 0,
      'a 401',
    );
    await eventually(
      async () => (await h.metric('producer_stream_error_frames_total', { code: '401' })) > 0,
      'a streamer 401',
    );
    const wrongMetrics = await h.metricsText();
    await h.stopProducer();

    await h.startProducer({ CRYPTOCOMPARE_API_KEY: KEY });
    await eventually(
      async () => (await h.metric('producer_ticks_published_total')) > 0,
      'ticks with the right key',
    );
    h.sim.faults.set({ status: { code: 401, count: 2 } });
    await sleep(1_000);
    h.sim.faults.set({ status: { code: 500, count: 2 } });
    await sleep(1_000);
    h.sim.faults.set({ malformed: { kind: 'non-json', count: 2 } });
    await sleep(1_000);
    h.sim.faults.dropSockets();
    await sleep(1_000);
    const metrics = await h.metricsText();
    await h.stopProducer();

    const text = [...h.logLines(), wrongMetrics, metrics].join('\n');
    expect(h.logLines().length).toBeGreaterThan(20);
    for (const secret of [KEY, WRONG, encodeURIComponent(KEY)]) expect(text).not.toContain(secret);
    expect(text).toContain('unauthorized');
  });
});
