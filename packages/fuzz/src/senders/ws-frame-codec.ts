import { randomBytes } from 'node:crypto';
import type { RawFrame } from '../generators/ws-frames';

/** Writes one RFC 6455 frame as a client would (or, on purpose, as a client must not). */
export function encodeFrame(frame: RawFrame): Buffer {
  const { payload } = frame;
  const head = [(frame.fin ? 0x80 : 0) | ((frame.rsv & 0x7) << 4) | (frame.opcode & 0xf)];
  const maskBit = frame.masked ? 0x80 : 0;
  let length: Buffer;
  if (payload.length < 126) length = Buffer.from([maskBit | payload.length]);
  else if (payload.length < 65_536) {
    length = Buffer.alloc(3);
    length[0] = maskBit | 126;
    length.writeUInt16BE(payload.length, 1);
  } else {
    length = Buffer.alloc(9);
    length[0] = maskBit | 127;
    length.writeBigUInt64BE(BigInt(payload.length), 1);
  }
  if (!frame.masked) return Buffer.concat([Buffer.from(head), length, payload]);
  const mask = randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i += 1) masked[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([Buffer.from(head), length, mask, masked]);
}

export type ServerFrame = { opcode: number; payload: Buffer };

/** Splits what the server sent into frames (server frames are unmasked); keeps the unread rest. */
export function createFrameReader(onFrame: (frame: ServerFrame) => void) {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const opcode = (pending[0] as number) & 0xf;
      let length = (pending[1] as number) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (pending.length < offset + length) return;
      onFrame({ opcode, payload: pending.subarray(offset, offset + length) });
      pending = pending.subarray(offset + length);
    }
  };
}
