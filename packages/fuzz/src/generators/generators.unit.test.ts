import { decode } from '@mdp/contracts/codec';
import { ControlEventSchema, ControlRequestSchema, TopicRecordSchema } from '@mdp/contracts/control';
import { normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { CandleMessageSchema, PriceTickMessageSchema } from '@mdp/contracts/market-data';
import { createRandom } from '../random';
import { type HttpTarget, httpRequests } from './http-requests';
import { hostileJsonOf, JSON_SHAPES } from './json-values';
import { FUZZ_ID_HEADER, hostileRecord, type TopicFamily } from './kafka-records';
import { wsScripts } from './ws-frames';

const take = <T>(source: Generator<T>, n: number) =>
  Array.from({ length: n }, () => source.next().value as T);

describe('the hostile-input generators', () => {
  test('the same seed gives the same inputs, another seed others', () => {
    const limits = { maxFrameBytes: 16_384, floodFrames: 10 };
    const a = JSON.stringify(take(wsScripts(createRandom(7), limits), 50));
    expect(JSON.stringify(take(wsScripts(createRandom(7), limits), 50))).toBe(a);
    expect(JSON.stringify(take(wsScripts(createRandom(8), limits), 50))).not.toBe(a);
  });

  test('hostile JSON stays within its byte budget; the deep shapes are deep', () => {
    const random = createRandom(1);
    for (const shape of JSON_SHAPES)
      for (let i = 0; i < 50; i += 1)
        expect(hostileJsonOf(shape, random, 16_000).length).toBeLessThanOrEqual(16_000);
    const deep = Array.from({ length: 50 }, () => hostileJsonOf('deep-array', random, 16_000));
    expect(Math.max(...deep.map((t) => t.length))).toBeGreaterThan(2_000);
  });

  test('WebSocket frames: JSON frames stay under the frame cap, except the oversized ones; floods are there', () => {
    const limits = { maxFrameBytes: 16_384, floodFrames: 20 };
    const scripts = take(wsScripts(createRandom(3), limits), 2_000);
    const frames = scripts.flatMap((s) => s.frames);
    for (const f of frames)
      if (f.transport === 'ws' && f.kind !== 'oversized') expect(f.data.length).toBeLessThanOrEqual(16_384);
    const kinds = new Set(frames.map((f) => f.kind));
    for (const k of [
      'ping-nested-data',
      'invalid-utf8',
      'fragmented',
      'binary',
      'oversized',
      'unmasked',
      'flood-ping',
    ] as const)
      expect(kinds).toContain(k);
    expect(scripts.some((s) => s.flood)).toBe(true);
  });

  test('HTTP: every route is crossed with every method, and every kind of hostile request comes', () => {
    const target: HttpTarget = {
      apiKey: 'k'.repeat(20),
      validSpec: { kind: 'ticks', symbols: ['BTC'], quote: 'USD' },
      maxBodyBytes: 65_536,
    };
    const requests = take(httpRequests(createRandom(5), target), 3_000);
    const pairs = new Set(
      requests.filter((r) => r.kind === 'route-method').map((r) => `${r.method} ${r.target}`),
    );
    expect(pairs.size).toBeGreaterThanOrEqual(90);
    expect(new Set(requests.map((r) => r.kind)).size).toBe(11); // all but slow-sender, which runs alongside
    // No request opens a real stream: each SSE query carries something no stream opens with.
    for (const r of requests.filter((x) => x.target.startsWith('/v1/stream/sse?')))
      expect(/(^|&)(spec|topic)=/.test(r.target.split('?')[1] ?? '')).toBe(true);
  });

  const invalidFor: Record<TopicFamily, (value: Buffer | string | null) => boolean> = {
    'market-ticks': (v) => !decode(PriceTickMessageSchema, v).ok,
    'dyn-ticks': (v) => !decode(PriceTickMessageSchema, v).ok,
    'market-candles': (v) => !decode(CandleMessageSchema, v).ok,
    registry: (v) => !decode(TopicRecordSchema, v).ok,
    events: (v) => !decode(ControlEventSchema, v).ok,
    // A well-formed request must still be refused: its spec is one no topic can be made of.
    requests: (v) => {
      const d = decode(ControlRequestSchema, v);
      return !d.ok || (d.value.type === 'RequestTopic' && !normalizeSpec(d.value.data.spec).ok);
    },
  };

  test.each(Object.keys(invalidFor) as TopicFamily[])(
    'every %s record is refused by its contract, and tagged',
    (family) => {
      const random = createRandom(11);
      const options = { maxJsonBytes: 20_000, hugeShare: 0.01, at: new Date().toISOString() };
      for (let i = 0; i < 1_000; i += 1) {
        const record = hostileRecord(family, random, `${family}-${i}`, options);
        expect({ i, shape: record.shape, invalid: invalidFor[family](record.value) }).toEqual({
          i,
          shape: record.shape,
          invalid: true,
        });
        expect(record.headers[FUZZ_ID_HEADER]).toBe(`${family}-${i}`);
        if (family === 'registry') {
          expect(record.key).not.toBeNull();
          expect(record.value).not.toBeNull();
        }
      }
    },
  );
});
