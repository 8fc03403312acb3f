import type { Random } from '../random';
import { hostileJson, hostileJsonOf } from './json-values';

/**
 * What a hostile WebSocket client sends. Frames the `ws` package can send are `text`/`binary`;
 * what it refuses to produce (invalid UTF-8, broken fragmentation, reserved opcodes and bits,
 * unmasked frames) is `raw`: RFC 6455 frames written byte by byte on a plain socket.
 */
export type RawFrame = {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  /** Client frames must be masked; false sends an unmasked one. */
  masked: boolean;
  /** RSV1-3 bits (must be 0 without an extension). */
  rsv: number;
};

export type WsFrameKind =
  | 'ping-nested-data'
  | 'ping-hostile-data'
  | 'subscribe-bad-spec'
  | 'subscribe-bad-topic'
  | 'subscribe-bad-id'
  | 'unsubscribe-unknown'
  | 'unknown-type'
  | 'unknown-field'
  | 'wrong-types'
  | 'prototype-keys'
  | 'hostile-json'
  | 'binary'
  | 'oversized'
  | 'invalid-utf8'
  | 'fragmented'
  | 'broken-fragments'
  | 'reserved-opcode'
  | 'rsv-bits'
  | 'unmasked'
  | 'flood-ping';

export type WsFrame =
  | { kind: WsFrameKind; transport: 'ws'; data: string | Buffer; binary: boolean }
  | { kind: WsFrameKind; transport: 'raw'; frames: RawFrame[] };

/** One connection's worth of frames: sent one by one (each answer awaited) or all at once. */
export type WsScript = { flood: boolean; frames: WsFrame[] };

export type WsFrameLimits = {
  /** GATEWAY_WS_MAX_FRAME_BYTES: hostile JSON stays under it, `oversized` goes over. */
  maxFrameBytes: number;
  /** Frames in one flood. */
  floodFrames: number;
  /** About this share of all frames comes in floods (default 0.3); the rest one by one. */
  floodShare?: number;
};

const text = (kind: WsFrameKind, data: string): WsFrame => ({ kind, transport: 'ws', data, binary: false });
const raw = (kind: WsFrameKind, frames: RawFrame[]): WsFrame => ({ kind, transport: 'raw', frames });
const frame = (opcode: number, payload: Buffer, more: Partial<RawFrame> = {}): RawFrame => ({
  fin: true,
  opcode,
  payload,
  masked: true,
  rsv: 0,
  ...more,
});

const HOSTILE_IDS = ['', ' ', 'a'.repeat(65), '../x', 'id\n', '<script>', '\u0000', 'é', 'a b'];
const HOSTILE_TOPICS = ['../../etc/passwd', 'dyn.', '%2e%2e', 'market.ticks.v1', 'x'.repeat(300), '\u0000'];

/** One hostile frame of the given kind. `n` makes ids unique within a connection. */
export function wsFrameOf(kind: WsFrameKind, random: Random, limits: WsFrameLimits, n: number): WsFrame {
  // Room for the frame's own fields around an embedded hostile value.
  const room = limits.maxFrameBytes - 64;
  switch (kind) {
    case 'ping-nested-data': {
      const shape = random.pick(['deep-array', 'deep-object'] as const);
      return text(kind, `{"type":"ping","data":${hostileJsonOf(shape, random, room)}}`);
    }
    case 'ping-hostile-data': {
      const shape = random.pick([
        'huge-number',
        'odd-number',
        'odd-unicode',
        'prototype-keys',
        'wide-object',
      ] as const);
      return text(kind, `{"type":"ping","data":${hostileJsonOf(shape, random, room)}}`);
    }
    case 'subscribe-bad-spec':
      return text(kind, `{"type":"subscribe","id":"f${n}","spec":${hostileJson(random, room).text}}`);
    case 'subscribe-bad-topic':
      return text(
        kind,
        JSON.stringify({ type: 'subscribe', id: `t${n}`, topic: random.pick(HOSTILE_TOPICS) }),
      );
    case 'subscribe-bad-id':
      return text(kind, JSON.stringify({ type: 'subscribe', id: random.pick(HOSTILE_IDS), topic: 'x' }));
    case 'unsubscribe-unknown':
      return text(kind, JSON.stringify({ type: 'unsubscribe', id: `nobody${n}` }));
    case 'unknown-type':
      return text(kind, JSON.stringify({ type: random.pick(['launch', 'SUBSCRIBE', '', 'pong', 'error']) }));
    case 'unknown-field':
      return text(kind, JSON.stringify({ type: 'ping', [random.pick(['evil', 'sql', '$where'])]: 1 }));
    case 'wrong-types':
      return text(
        kind,
        random.pick(['{"type":1}', '{"type":null}', '{"type":["ping"]}', '{"type":"subscribe","id":5}']),
      );
    case 'prototype-keys':
      return text(
        kind,
        random.pick([
          '{"type":"ping","__proto__":{"x":1}}',
          '{"__proto__":{"type":"ping"}}',
          '{"type":"unsubscribe","id":"a","constructor":{"prototype":{}}}',
        ]),
      );
    case 'hostile-json':
      return text(kind, hostileJson(random, room).text);
    case 'binary':
      return { kind, transport: 'ws', data: random.bytes(random.int(1, 512)), binary: true };
    case 'oversized':
      return text(kind, `{"type":"ping","data":"${'x'.repeat(limits.maxFrameBytes + random.int(1, 4096))}"}`);
    case 'invalid-utf8':
      return raw(kind, [
        frame(
          0x1,
          Buffer.concat([
            Buffer.from('{"type":"ping","data":"'),
            Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
            Buffer.from('"}'),
          ]),
        ),
      ]);
    case 'fragmented': {
      const whole = Buffer.from(JSON.stringify({ type: 'ping', data: `frag${n}` }));
      const parts = random.int(2, 6);
      const size = Math.ceil(whole.length / parts);
      const pieces = Array.from({ length: parts }, (_, i) => whole.subarray(i * size, (i + 1) * size));
      return raw(
        kind,
        pieces.map((p, i) => frame(i === 0 ? 0x1 : 0x0, p, { fin: i === parts - 1 })),
      );
    }
    case 'broken-fragments':
      return raw(
        kind,
        random.chance(0.5)
          ? [frame(0x0, Buffer.from('{"type":"ping"}'))]
          : [frame(0x1, Buffer.from('{"type":'), { fin: false }), frame(0x1, Buffer.from('"ping"}'))],
      );
    case 'reserved-opcode':
      return raw(kind, [frame(random.pick([0x3, 0x4, 0x7, 0xb, 0xf]), Buffer.from('{}'))]);
    case 'rsv-bits':
      return raw(kind, [frame(0x1, Buffer.from('{"type":"ping"}'), { rsv: random.pick([1, 2, 4, 7]) })]);
    case 'unmasked':
      return raw(kind, [frame(0x1, Buffer.from('{"type":"ping"}'), { masked: false })]);
    case 'flood-ping':
      return text(kind, `{"type":"ping","data":${n}}`);
  }
}

const SEQUENTIAL_KINDS: readonly WsFrameKind[] = [
  'ping-nested-data',
  'ping-hostile-data',
  'subscribe-bad-spec',
  'subscribe-bad-topic',
  'subscribe-bad-id',
  'unsubscribe-unknown',
  'unknown-type',
  'unknown-field',
  'wrong-types',
  'prototype-keys',
  'hostile-json',
  'hostile-json',
  'fragmented',
  'binary',
  'oversized',
  'invalid-utf8',
  'broken-fragments',
  'reserved-opcode',
  'rsv-bits',
  'unmasked',
];

/** Endless connection scripts; the caller takes as many frames as its budget allows. */
export function* wsScripts(random: Random, limits: WsFrameLimits): Generator<WsScript> {
  // A sequential script has 4.5 frames on average: the chance of a flood that gives floodShare.
  const share = limits.floodShare ?? 0.3;
  const floodChance = (share * 4.5) / ((1 - share) * limits.floodFrames + share * 4.5);
  for (;;) {
    if (random.chance(floodChance)) {
      const frames = Array.from({ length: limits.floodFrames }, (_, n) =>
        wsFrameOf('flood-ping', random, limits, n),
      );
      yield { flood: true, frames };
      continue;
    }
    const length = random.int(1, 8);
    const frames = Array.from({ length }, (_, n) =>
      wsFrameOf(random.pick(SEQUENTIAL_KINDS), random, limits, n),
    );
    yield { flood: false, frames };
  }
}
