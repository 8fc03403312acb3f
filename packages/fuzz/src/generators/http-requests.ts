import type { Random } from '../random';
import { HOSTILE_VALUES, METHODS, ODD_PATHS, PARAMS, ROUTES, SSRF_URLS } from './http-vocabulary';
import { hostileJson } from './json-values';

/** One hostile HTTP/1.1 request, written as bytes on a plain socket (so nothing is normalized away). */
export type HttpRequestSpec = {
  kind: HttpRequestKind;
  method: string;
  /** Request target exactly as sent (may be unencoded, overlong, or odd). */
  target: string;
  headers: [string, string][];
  body?: Buffer;
  /** Bytes per write and pause between writes: a slow sender. */
  slow?: { chunkBytes: number; pauseMs: number };
};

export type HttpRequestKind =
  | 'route-method'
  | 'unknown-route'
  | 'no-key'
  | 'bad-key'
  | 'hostile-query'
  | 'hostile-body'
  | 'wrong-content-type'
  | 'body-too-large'
  | 'webhook-ssrf'
  | 'webhook-id'
  | 'hostile-headers'
  | 'slow-sender';

export type HttpTarget = {
  apiKey: string;
  /** A spec the gateway accepts, for bodies where only one other field is hostile. */
  validSpec: unknown;
  maxBodyBytes: number;
};

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const withKey = (t: HttpTarget, headers: [string, string][] = []): [string, string][] => [
  ['authorization', `Bearer ${t.apiKey}`],
  ...headers,
];
const jsonType: [string, string] = ['content-type', 'application/json'];

function query(random: Random, t: HttpTarget): string {
  const count = random.int(1, 4);
  const pairs: string[] = [];
  // Always one part no stream can open with: no query here opens a real stream.
  pairs.push(
    random.chance(0.5)
      ? `spec=${encodeURIComponent(hostileJson(random, 2_000).text)}`
      : `topic=${random.pick(HOSTILE_VALUES)}`,
  );
  for (let i = 0; i < count; i += 1) pairs.push(`${random.pick(PARAMS)}=${random.pick(HOSTILE_VALUES)}`);
  if (random.chance(0.3)) pairs.push(`spec=${encodeURIComponent(JSON.stringify(t.validSpec))}`);
  return pairs.join('&');
}

/** One hostile request of the given kind. */
export function httpRequestOf(kind: HttpRequestKind, random: Random, t: HttpTarget): HttpRequestSpec {
  switch (kind) {
    case 'route-method': {
      const method = random.pick(METHODS);
      const hasBody = method !== 'GET' && method !== 'HEAD' && random.chance(0.5);
      return {
        kind,
        method,
        target: random.pick(ROUTES),
        headers: withKey(t, hasBody ? [jsonType] : []),
        ...(hasBody ? { body: json({ spec: 'x' }) } : {}),
      };
    }
    case 'unknown-route':
      return {
        kind,
        method: random.pick(['GET', 'POST', 'DELETE']),
        target: random.pick(ODD_PATHS),
        headers: withKey(t),
      };
    case 'no-key':
      return {
        kind,
        method: 'GET',
        target: random.pick(['/v1/topics', '/v1/webhooks', '/v1/stream/sse?spec=x', '/v1/ws']),
        headers: [],
      };
    case 'bad-key': {
      const header: [string, string] = random.pick([
        ['authorization', 'Bearer not-a-known-key-at-all'],
        ['authorization', 'Basic YWRtaW46YWRtaW4='],
        ['authorization', 'Bearer '],
        ['x-api-key', 'x'.repeat(4000)],
        ['authorization', `Bearer ${t.apiKey}x`],
        ['x-api-key', '\u00e9\u00e9'],
      ] as [string, string][]);
      return { kind, method: 'GET', target: '/v1/topics', headers: [header] };
    }
    case 'hostile-query':
      return { kind, method: 'GET', target: `/v1/stream/sse?${query(random, t)}`, headers: withKey(t) };
    case 'hostile-body': {
      const target = random.pick(['/v1/streams', '/v1/webhooks']);
      const inner = hostileJson(random, Math.floor(t.maxBodyBytes / 2)).text;
      const body = random.pick([
        inner,
        `{"spec":${inner}}`,
        `{"url":${inner},"spec":${inner}}`,
        `{"topic":${inner}}`,
      ]);
      return { kind, method: 'POST', target, headers: withKey(t, [jsonType]), body: Buffer.from(body) };
    }
    case 'wrong-content-type': {
      const type = random.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        '',
        'application/jsonx',
      ]);
      return {
        kind,
        method: 'POST',
        target: random.pick(['/v1/streams', '/v1/webhooks']),
        headers: withKey(t, [['content-type', type]]),
        body: json({ spec: t.validSpec, pad: 'no' }),
      };
    }
    case 'body-too-large':
      return {
        kind,
        method: 'POST',
        target: random.pick(['/v1/streams', '/v1/webhooks']),
        headers: withKey(t, [jsonType]),
        body: Buffer.from(`{"pad":"${'x'.repeat(t.maxBodyBytes + random.int(1, 50_000))}"}`),
      };
    case 'webhook-ssrf':
      return {
        kind,
        method: 'POST',
        target: '/v1/webhooks',
        headers: withKey(t, [jsonType]),
        body: json({ url: random.pick(SSRF_URLS), spec: t.validSpec }),
      };
    case 'webhook-id':
      return {
        kind,
        method: random.pick(['GET', 'DELETE']),
        target: `/v1/webhooks/${random.pick(['nope', 'x'.repeat(500), '%00', '..', '1', '__proto__'])}`,
        headers: withKey(t),
      };
    case 'hostile-headers': {
      const extra: [string, string] = random.pick([
        ['x-forwarded-for', '127.0.0.1, 10.0.0.1'],
        ['accept', 'x'.repeat(6000)],
        ['content-encoding', 'gzip'],
        ['accept-encoding', '*;q=0'],
        ['last-event-id', '9'.repeat(300)],
        ['last-event-id', '-1.-1.-1'],
        ['cookie', '__proto__=x'],
        ['expect', '100-continue'],
      ] as [string, string][]);
      return {
        kind,
        method: random.pick(['GET', 'POST']),
        target: random.pick(['/v1/topics', '/v1/streams', '/v1/stream/sse?topic=nope']),
        headers: withKey(t, [extra, jsonType]),
        body: json({ spec: 1 }),
      };
    }
    case 'slow-sender':
      return {
        kind,
        method: 'POST',
        target: '/v1/streams',
        headers: withKey(t, [jsonType]),
        body: Buffer.from(`{"spec":${hostileJson(random, 200).text}}`),
        slow: { chunkBytes: random.int(1, 8), pauseMs: random.int(20, 80) },
      };
  }
}

const KINDS: readonly HttpRequestKind[] = [
  'route-method',
  'route-method',
  'unknown-route',
  'no-key',
  'bad-key',
  'hostile-query',
  'hostile-query',
  'hostile-body',
  'hostile-body',
  'wrong-content-type',
  'body-too-large',
  'webhook-ssrf',
  'webhook-id',
  'hostile-headers',
];

/** Endless hostile requests, every route crossed with every method first, then random kinds. */
export function* httpRequests(random: Random, t: HttpTarget): Generator<HttpRequestSpec> {
  for (const target of ROUTES)
    for (const method of METHODS) yield { kind: 'route-method', method, target, headers: withKey(t) };
  for (;;) yield httpRequestOf(random.pick(KINDS), random, t);
}
