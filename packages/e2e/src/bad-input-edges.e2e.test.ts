import { testInfra } from '@mdp/local-infra/test-env';
import { getJson, postJson, request } from './harness/http';
import { metricSum, scrape } from './harness/metrics';
import { type Platform, startPlatform } from './harness/platform';
import { SERVICE_NAMES } from './harness/repo-paths';
import { auditPlatform, waitForDatabaseToCatchUp } from './harness/settle';
import { summarizeAudit } from './harness/tick-audit';
import { sleep, waitFor } from './harness/wait';
import { openWsClient } from './harness/ws-client';

// Bad input from outside: a data source serving malformed payloads, applications sending garbage
// over HTTP and WebSocket. Each is skipped and counted, or refused with a reason; nothing crashes.
describe('bad input from outside', () => {
  let p: Platform;
  const spec = { kind: 'ticks', symbols: ['BTC'], quote: 'USD' };

  beforeAll(async () => {
    const infra = testInfra();
    p = await startPlatform({
      label: 'edges',
      brokers: infra.kafkaBrokers.join(','),
      serverDatabaseUrl: infra.databaseUrl,
      env: { coordinator: { QUOTA_ALLOWED_KINDS: 'ticks' } },
    });
    console.log(`edges: logs in ${p.logDir}`);
    await waitForDatabaseToCatchUp(p, 30_000);
  });

  afterAll(async () => {
    await p?.stop();
  });

  test('malformed payloads from the data source are skipped and counted; the flow goes on', async () => {
    const counted = async () => {
      const m = await scrape(p.urls.producer);
      return (
        metricSum(m, 'producer_payloads_skipped_total') +
        metricSum(m, 'producer_api_errors_total') +
        metricSum(m, 'producer_stream_invalid_frames_total')
      );
    };
    const faultsFrom = Date.now();
    const before = await counted();
    let last = before;
    // Quoted numbers ('wrong-types') are read as numbers by design: not counted, checked by the audit.
    await p.simulator.setFaults({ malformed: { kind: 'wrong-types', count: 2 } });
    for (const kind of ['nan-price', 'null-price', 'missing-fields', 'truncated', 'non-json', 'empty']) {
      await p.simulator.setFaults({ malformed: { kind, count: 1 } });
      last = await waitFor(
        async () => {
          const n = await counted();
          return n > last && n;
        },
        {
          what: `the producer to count a '${kind}' payload`,
          timeoutMs: 20_000,
          describe: p.tails,
        },
      );
    }
    await p.simulator.setFaults({ streamMalformed: { count: 5 } });
    last = await waitFor(
      async () => {
        const n = await counted();
        return n > last && n;
      },
      {
        what: 'the producer to count cut stream frames',
        timeoutMs: 20_000,
        describe: p.tails,
      },
    );
    await p.simulator.clearFaults();
    const faultsUntil = Date.now() + 1_000;
    const m = await scrape(p.urls.producer);
    const reasons = m
      .filter((s) =>
        [
          'producer_payloads_skipped_total',
          'producer_api_errors_total',
          'producer_stream_invalid_frames_total',
        ].includes(s.name),
      )
      .map((s) => `${s.name}${JSON.stringify(s.labels)}=${s.value}`);
    console.log(`edges: ${last - before} bad payloads counted by the producer: ${reasons.join(' ')}`);

    await sleep(3_000);
    await waitForDatabaseToCatchUp(p, 30_000);
    // A cut stream frame loses that update (the next one repeats its fields): declared as outage.
    const audit = await auditPlatform(p, [{ fromMs: faultsFrom, toMs: faultsUntil }]);
    console.log(summarizeAudit('edges (malformed source payloads)', audit.ticks));
    expect(audit.ticks.unknown).toEqual([]);
    expect(audit.ticks.mismatched).toEqual([]);
    expect(audit.ticks.duplicates).toBe(0);
    expect(audit.ticks.missing).toEqual([]);
    expect(audit.topic.notStored).toEqual([]);
  });

  test('garbage over HTTP is refused with a status, a code and a reason', async () => {
    const gw = p.urls['dynamic-gateway'];
    const auth = { authorization: `Bearer ${p.apiKeys.alpha}` };
    const sse = (query: string, headers: Record<string, string> = auth) =>
      request(`${gw}/v1/stream/sse?${query}`, { headers, timeoutMs: 20_000 });
    const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
    const cases: [string, () => ReturnType<typeof request>, number, string][] = [
      ['no key', () => sse(`spec=${q(spec)}`, {}), 401, 'missing_api_key'],
      [
        'unknown key',
        () => sse(`spec=${q(spec)}`, { authorization: 'Bearer not-a-known-key-at-all' }),
        403,
        'invalid_api_key',
      ],
      ['body not JSON', () => postJson(`${gw}/v1/streams`, '{"spec": nope', auth), 400, 'invalid_json'],
      [
        'unknown field',
        () => postJson(`${gw}/v1/streams`, { spec, evil: true }, auth),
        400,
        'invalid_request',
      ],
      [
        'empty symbols',
        () => postJson(`${gw}/v1/streams`, { spec: { ...spec, symbols: [] } }, auth),
        400,
        'invalid_spec',
      ],
      [
        'body too large',
        () => postJson(`${gw}/v1/streams`, { spec, pad: 'x'.repeat(100_000) }, auth),
        413,
        'body_too_large',
      ],
      ['spec not JSON', () => sse('spec=%7Bnope'), 400, 'invalid_spec'],
      ['spec with a typo', () => sse(`spec=${q({ ...spec, symbol: ['ETH'] })}`), 400, 'invalid_spec'],
      ['unknown parameter', () => sse(`spec=${q(spec)}&sql=drop`), 400, 'invalid_request'],
      ['topic not ours', () => sse('topic=..%2F..%2Fetc%2Fpasswd'), 404, 'unknown_topic'],
      [
        'kind not allowed',
        () => sse(`spec=${q({ kind: 'candles.1m', symbols: ['BTC'], quote: 'USD' })}`),
        422,
        'kind_not_allowed',
      ],
      ['unknown route', () => getJson(`${gw}/v1/admin`, auth), 404, 'not_found'],
    ];
    const refusedBefore = metricSum(await scrape(gw), 'gateway_refused_requests_total');
    const seen: string[] = [];
    for (const [what, send, status, code] of cases) {
      const r = await send();
      const error = (r.json as { error?: { code?: string; message?: string } } | undefined)?.error;
      seen.push(`${what}: ${r.status} ${error?.code}`);
      expect({
        what,
        status: r.status,
        code: error?.code,
        hasReason: (error?.message ?? '').length > 0,
      }).toEqual({
        what,
        status,
        code,
        hasReason: true,
      });
    }
    const refused = metricSum(await scrape(gw), 'gateway_refused_requests_total') - refusedBefore;
    console.log(`edges: HTTP refusals (${refused} counted): ${seen.join('; ')}`);
    expect(refused).toBeGreaterThanOrEqual(cases.length);
  });

  test('garbage over WebSocket gets error frames, then the socket is closed; the gateway goes on', async () => {
    const anonymous = openWsClient(p.urls['dynamic-gateway'], undefined);
    expect(await anonymous.opened).toBe(false);
    expect(anonymous.refusedStatus).toBe(401);

    const ws = openWsClient(p.urls['dynamic-gateway'], p.apiKeys.beta);
    expect(await ws.opened).toBe(true);
    ws.send(
      JSON.stringify({ type: 'subscribe', id: 's1', spec: { kind: 'nope', symbols: ['BTC'], quote: 'USD' } }),
    );
    const refusedSpec = await waitFor(() => ws.frames.find((f) => f.type === 'error' && f.id === 's1'), {
      what: 'an error frame for the bad spec',
      timeoutMs: 10_000,
    });
    expect(refusedSpec.code).toBe('invalid_spec');
    for (const garbage of ['not json', '{"type":"launch"}', '[]', '{"type":"subscribe"}', 'null'])
      ws.send(garbage);
    await waitFor(() => ws.closed, { what: 'the socket to be closed', timeoutMs: 10_000 });
    const errors = ws.frames.filter((f) => f.type === 'error').map((f) => f.code);
    console.log(`edges: WebSocket error frames ${errors.join(', ')}; closed ${JSON.stringify(ws.closed)}`);
    expect(errors).toEqual(expect.arrayContaining(['invalid_spec', 'invalid_json', 'invalid_frame']));
    expect(ws.closed?.code).toBe(1008);

    // A well-behaved application is served as before.
    const good = openWsClient(p.urls['dynamic-gateway'], p.apiKeys.beta);
    expect(await good.opened).toBe(true);
    good.send(JSON.stringify({ type: 'subscribe', id: 'ok', spec }));
    await waitFor(
      () => good.frames.filter((f) => f.type !== 'welcome' && f.type !== 'subscribed').length > 2,
      {
        what: 'data frames for a good subscription',
        timeoutMs: 30_000,
        describe: () => JSON.stringify(good.frames.slice(-5)),
      },
    );
    good.close();
  });

  test('after all of it, every service is the process it was at the start, and ready', async () => {
    for (const name of SERVICE_NAMES)
      expect({ name, exits: p.processes[name].exits }).toEqual({ name, exits: [] });
    await p.waitReady(SERVICE_NAMES, 30_000);
  });
});
