import { connect, type Socket } from 'node:net';

export type RawFrame = { opcode: number; payload: Buffer };

/**
 * A hand-made WebSocket client over a TCP socket, for clients `ws` cannot play: one that never reads
 * (ws resumes its socket by itself). Sends masked text frames; `readAll` parses what the server sent.
 */
export async function rawWs(port: number, key: string) {
  const socket: Socket = connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    'GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\n` +
      `Sec-WebSocket-Version: 13\r\nAuthorization: Bearer ${key}\r\n\r\n`,
  );
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  const head = Buffer.concat(received).toString('latin1');
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${head.slice(0, 40)}`);
  return {
    socket,
    /** A text frame, masked with a zero key (payload unchanged), as RFC 6455 requires of clients. */
    sendText(text: string): boolean {
      const payload = Buffer.from(text);
      const len = payload.length;
      const header =
        len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
      return socket.write(Buffer.concat([header, Buffer.alloc(4), payload]));
    },
    /** Stops reading (the kernel's buffers fill, then the server's). */
    stopReading: () => socket.pause(),
    /** Reads until the server's close frame; returns every frame after the handshake. */
    async readUntilClose(timeoutMs = 20_000): Promise<RawFrame[]> {
      socket.resume();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const frames = parseFrames(Buffer.concat(received));
        if (frames.at(-1)?.opcode === 8 || Date.now() > deadline) {
          socket.destroy();
          return frames;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

function parseFrames(all: Buffer): RawFrame[] {
  const frames: RawFrame[] = [];
  let at = all.indexOf('\r\n\r\n') + 4;
  while (at + 2 <= all.length) {
    const opcode = (all[at] ?? 0) & 0x0f;
    let len = (all[at + 1] ?? 0) & 0x7f;
    let start = at + 2;
    if (len === 126) {
      if (start + 2 > all.length) break;
      len = all.readUInt16BE(start);
      start += 2;
    } else if (len === 127) {
      if (start + 8 > all.length) break;
      len = Number(all.readBigUInt64BE(start));
      start += 8;
    }
    if (start + len > all.length) break;
    frames.push({ opcode, payload: all.subarray(start, start + len) });
    at = start + len;
  }
  return frames;
}
