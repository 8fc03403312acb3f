import type { Random } from '../random';

/**
 * Hostile JSON, as text: some of it cannot be built as a JS value and stringified (a 1e999 number,
 * duplicate keys, lone surrogates, nesting deeper than JSON.stringify's stack). Each value names
 * its shape, so answers can be counted by shape.
 */
export type JsonShape =
  | 'deep-array'
  | 'deep-object'
  | 'huge-string'
  | 'huge-number'
  | 'odd-number'
  | 'odd-unicode'
  | 'prototype-keys'
  | 'duplicate-keys'
  | 'wide-object'
  | 'wrong-type'
  | 'not-json';

export const JSON_SHAPES: readonly JsonShape[] = [
  'deep-array',
  'deep-object',
  'huge-string',
  'huge-number',
  'odd-number',
  'odd-unicode',
  'prototype-keys',
  'duplicate-keys',
  'wide-object',
  'wrong-type',
  'not-json',
];

export type HostileJson = { shape: JsonShape; text: string };

const ODD_NUMBERS = [
  '1e999',
  '-1e999',
  '-0',
  '1e-400',
  '9007199254740993',
  '0.1e1000000',
  '123456789e-99999',
];
const NOT_JSON = [
  'NaN',
  'Infinity',
  'undefined',
  "{'single':'quotes'}",
  '{"trailing":1,}',
  '[1,2,',
  '{"a":1}{"b":2}',
  '\u0000',
  '// comment',
  '0x1F',
  '"unterminated',
  '{"a" 1}',
  '',
  ' ',
];
const ODD_UNICODE = [
  '"\\ud800"',
  '"\\udfff\\ud800"',
  '"\\u0000\\u0000"',
  '"\u202e\u202dRTL"',
  '"\u200b\u200c\u200d\ufeff"',
  '"\\uffff\\ufffe"',
  '"\ud83d\ude00\ud83d\ude00"',
  '"%00%ff\\\\x00"',
];
const PROTOTYPE_KEYS = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":null}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":"no"}',
  '{"__defineGetter__":1,"__lookupSetter__":{}}',
];
const WRONG_TYPES = ['null', 'true', 'false', '0', '-1', '[]', '{}', '"string"', '[null]', '[[],{}]'];

function deep(random: Random, maxBytes: number, open: string, close: string, core: string): string {
  const levelBytes = open.length + close.length;
  const depth = random.chance(0.5)
    ? random.int(1_000, Math.max(1_000, Math.floor((maxBytes - core.length) / levelBytes)))
    : random.int(50, 500);
  return open.repeat(depth) + core + close.repeat(depth);
}

/** One hostile JSON text of the given shape, at most about `maxBytes` long. */
export function hostileJsonOf(shape: JsonShape, random: Random, maxBytes: number): string {
  switch (shape) {
    case 'deep-array':
      return deep(random, maxBytes, '[', ']', '1');
    case 'deep-object':
      return deep(random, maxBytes, '{"a":', '}', '1');
    case 'huge-string':
      return `"${'x'.repeat(random.int(Math.floor(maxBytes / 2), Math.max(1, maxBytes - 2)))}"`;
    case 'huge-number':
      return `${random.pick(['', '-'])}1${'0'.repeat(random.int(400, Math.max(400, maxBytes - 2)))}`;
    case 'odd-number':
      return random.pick(ODD_NUMBERS);
    case 'odd-unicode':
      return random.pick(ODD_UNICODE);
    case 'prototype-keys':
      return random.pick(PROTOTYPE_KEYS);
    case 'duplicate-keys':
      return '{"type":"ping","type":"subscribe","id":"a","id":"b"}';
    case 'wide-object': {
      const n = random.int(100, Math.max(100, Math.floor(maxBytes / 12)));
      const fields = Array.from({ length: n }, (_, i) => `"k${i}":${i}`);
      return `{${fields.join(',')}}`;
    }
    case 'wrong-type':
      return random.pick(WRONG_TYPES);
    case 'not-json':
      return random.pick(NOT_JSON);
  }
}

/** Hostile JSON of a random shape. */
export function hostileJson(random: Random, maxBytes: number): HostileJson {
  const shape = random.pick(JSON_SHAPES);
  return { shape, text: hostileJsonOf(shape, random, maxBytes) };
}
