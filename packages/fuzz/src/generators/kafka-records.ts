import type { Random } from '../random';
import { hostileJson, hostileJsonOf, type JsonShape } from './json-values';
import { type TopicFamily, template } from './kafka-templates';

/**
 * Hostile records for the topics the services consume. Every record is invalid for its topic's
 * contract (the unit test checks it with the contracts' own schemas), so a consumer must answer each
 * one (a DLQ record with the reason, a rejection event, or a counted skip) and act on none.
 */
export type { TopicFamily } from './kafka-templates';

export type KafkaRecordShape =
  | 'not-json'
  | 'binary'
  | 'invalid-utf8'
  | 'empty'
  | 'null-value'
  | 'hostile-json'
  | 'wrong-type'
  | 'field-mutation'
  | 'unknown-field-and-version'
  | 'prototype-wrapped'
  | 'huge'
  | 'near-limit';

export type HostileRecord = {
  shape: KafkaRecordShape;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, string | Buffer>;
};

/** Header every fuzz record carries; DLQ copies keep the original headers, so answers can be matched. */
export const FUZZ_ID_HEADER = 'fuzz-id';

/** Values of no field's type (objects, arrays, booleans): a mutated field is never still valid. */
const WRONG_SHAPES: readonly JsonShape[] = ['deep-array', 'deep-object', 'wide-object', 'prototype-keys'];
const WRONG_TYPE: Record<TopicFamily, string> = {
  'market-ticks': 'Candle1m',
  'market-candles': 'PriceTick',
  'dyn-ticks': 'Candle1m',
  requests: 'TopicRecord',
  registry: 'RequestTopic',
  events: 'RequestTopic',
};

function recordValue(
  shape: KafkaRecordShape,
  family: TopicFamily,
  random: Random,
  fuzzId: string,
  o: KafkaRecordOptions,
): Buffer | string | null {
  const maxBytes = o.maxJsonBytes;
  const { envelope, fields } = template(family, fuzzId, o.at);
  switch (shape) {
    case 'not-json':
      return hostileJsonOf('not-json', random, maxBytes) || 'x';
    case 'binary':
      return random.bytes(random.int(1, 2_048));
    case 'invalid-utf8':
      return Buffer.concat([
        Buffer.from('{"type":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
    case 'empty':
      return '';
    case 'null-value':
      return null;
    case 'hostile-json': {
      const text = hostileJson(random, maxBytes).text;
      // A bare string or number is never an envelope; an empty text would be 'empty'.
      return text.trim() === '' ? '[]' : text;
    }
    case 'wrong-type':
      return JSON.stringify({ ...envelope, type: WRONG_TYPE[family] });
    case 'field-mutation': {
      const field = random.pick(fields);
      const wrong = hostileJsonOf(random.pick(WRONG_SHAPES), random, maxBytes);
      const data = JSON.stringify({ ...(envelope.data as object), [field]: '@@' });
      return JSON.stringify({ ...envelope, data: '@@data' }).replace('"@@data"', () =>
        data.replace('"@@"', () => wrong),
      );
    }
    case 'unknown-field-and-version':
      return JSON.stringify({
        ...envelope,
        version: random.pick([0, 2, -1, 1.5]),
        [random.pick(['evil', '$where', 'extra'])]: true,
      });
    case 'prototype-wrapped':
      return `{"__proto__":${JSON.stringify(envelope)}}`;
    case 'huge':
      return `{"type":"${'x'.repeat(random.int(500_000, 900_000))}"}`;
    case 'near-limit':
      return nearLimitRecord(fuzzId).value;
  }
}

function keyOf(family: TopicFamily, random: Random, fuzzId: string): Buffer | string | null {
  // The registry is compacted: the broker refuses records without a key there.
  const r = random.next();
  if (r < 0.1 && family !== 'registry') return null;
  if (r < 0.2) return Buffer.concat([Buffer.from(`fuzz-${fuzzId}-`), random.bytes(random.int(1, 64))]);
  if (r < 0.25) return `fuzz-${fuzzId}-${'k'.repeat(random.int(1_000, 10_000))}`;
  return family === 'registry'
    ? `fuzz-${fuzzId}`
    : random.pick(['CCCAGG:BTC-USD', '', '../..', `fuzz-${fuzzId}`]);
}

function headersOf(random: Random, fuzzId: string): Record<string, string | Buffer> {
  const headers: Record<string, string | Buffer> = { [FUZZ_ID_HEADER]: fuzzId };
  if (random.chance(0.1)) headers['dlq-reason'] = 'spoofed: not a real reason';
  if (random.chance(0.1)) headers.traceparent = random.pick(['garbage', '00-zz-zz-01', 'x'.repeat(2_000)]);
  if (random.chance(0.1)) headers.binary = random.bytes(32);
  if (random.chance(0.05)) for (let i = 0; i < 100; i += 1) headers[`h${i}`] = String(i);
  return headers;
}

const SHAPES: readonly KafkaRecordShape[] = [
  'not-json',
  'binary',
  'invalid-utf8',
  'empty',
  'null-value',
  'hostile-json',
  'hostile-json',
  'wrong-type',
  'field-mutation',
  'field-mutation',
  'unknown-field-and-version',
  'prototype-wrapped',
];

export type KafkaRecordOptions = {
  /** Largest hostile JSON inside a record. */
  maxJsonBytes: number;
  /** Share of `huge` records (500-900 kB each). */
  hugeShare: number;
  /**
   * The envelopes' time (ISO). Pass the run's start: the coordinator ignores requests older than an
   * hour, and an ignored request is not the answer this suite looks for.
   */
  at: string;
};

/** One hostile record for a family; `fuzzId` is unique per record of a run. */
export function hostileRecord(
  family: TopicFamily,
  random: Random,
  fuzzId: string,
  options: KafkaRecordOptions,
): HostileRecord {
  let shape: KafkaRecordShape = random.chance(options.hugeShare) ? 'huge' : random.pick(SHAPES);
  // A null value on the registry is a tombstone, a legal delete: not hostile input.
  if (family === 'registry' && shape === 'null-value') shape = 'empty';
  return {
    shape,
    key: keyOf(family, random, fuzzId),
    value: recordValue(shape, family, random, fuzzId, options),
    headers: headersOf(random, fuzzId),
  };
}

/**
 * Value size of a record just under the broker's default size limit (1,048,588 bytes a batch, with a
 * short key and the fuzz-id header): it fits on the topic, its DLQ copy (the same value plus the
 * `dlq-*` headers, 250 bytes and more) does not.
 */
export const NEAR_LIMIT_VALUE_BYTES = 1_048_400;

export function nearLimitRecord(fuzzId: string, valueBytes = NEAR_LIMIT_VALUE_BYTES): HostileRecord {
  const filler = 'x'.repeat(Math.max(0, valueBytes - '{"type":""}'.length));
  return {
    shape: 'near-limit',
    key: `fuzz-${fuzzId}`,
    value: `{"type":"${filler}"}`,
    headers: { [FUZZ_ID_HEADER]: fuzzId },
  };
}
