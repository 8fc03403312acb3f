import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { RawFrame, WsFrame } from '../generators/ws-frames';
import { createFrameReader, encodeFrame } from './ws-frame-codec';

/** What came back for a frame: a server frame (`type`, and `code` for errors) or the close code. */
export type WsAnswer = { type: string; code?: string };

/** Abnormal closure (RFC 6455): the socket ended without a close frame. */
export const NO_CLOSE_FRAME = 1006;

/** A hostile client's socket: sends frames, collects the answers (after `welcome`) and the close code. */
export type FuzzSocket = {
  readonly opened: Promise<boolean>;
  /** The HTTP status of a refused upgrade (0: the connection ended without one). */
  readonly refusedStatus: number | undefined;
  readonly answers: readonly WsAnswer[];
  readonly closeCode: number | undefined;
  send(frame: WsFrame): void;
  /** Resolves once `count` answers arrived, the socket closed, or `timeoutMs` passed. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  destroy(): void;
};

function toAnswer(text: string): WsAnswer | undefined {
  try {
    const frame = JSON.parse(text) as { type?: unknown; code?: unknown };
    if (frame.type === 'welcome') return undefined;
    return { type: String(frame.type), ...(typeof frame.code === 'string' ? { code: frame.code } : {}) };
  } catch {
    return { type: '(not json)' };
  }
}

function answerTracker() {
  const answers: WsAnswer[] = [];
  let closeCode: number | undefined;
  let wake = () => {};
  return {
    answers,
    get closeCode() {
      return closeCode;
    },
    add(text: string) {
      const answer = toAnswer(text);
      if (answer) answers.push(answer);
      wake();
    },
    closed(code: number) {
      closeCode ??= code;
      wake();
    },
    async waitFor(count: number, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (answers.length < count && closeCode === undefined && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

/** Frames the `ws` package sends (text, binary). */
export function openWsSocket(wsUrl: string, apiKey: string): FuzzSocket {
  const ws = new WebSocket(wsUrl, {
    headers: { authorization: `Bearer ${apiKey}` },
    maxPayload: 64 * 1024 * 1024,
  });
  const tracker = answerTracker();
  let refusedStatus: number | undefined;
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('error', () => {
      refusedStatus ??= 0;
      resolve(false);
    });
    ws.once('unexpected-response', (_req, res) => {
      refusedStatus = res.statusCode ?? 0;
      res.resume();
      resolve(false);
    });
  });
  ws.on('message', (data) => tracker.add(data.toString()));
  ws.on('close', (code) => tracker.closed(code));
  ws.on('error', () => tracker.closed(NO_CLOSE_FRAME));
  return {
    opened,
    get refusedStatus() {
      return refusedStatus;
    },
    answers: tracker.answers,
    get closeCode() {
      return tracker.closeCode;
    },
    send(frame) {
      if (frame.transport !== 'ws') throw new Error(`${frame.kind} needs a raw socket`);
      if (ws.readyState === WebSocket.OPEN) ws.send(frame.data, { binary: frame.binary });
    },
    waitFor: (count, timeoutMs) => tracker.waitFor(count, timeoutMs),
    destroy: () => ws.terminate(),
  };
}

/** A plain TCP socket speaking RFC 6455 by hand: frames no WebSocket library would send. */
export function openRawSocket(port: number, apiKey: string): FuzzSocket {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  const tracker = answerTracker();
  const onFrame = createFrameReader(({ opcode, payload }) => {
    if (opcode === 0x1) tracker.add(payload.toString('utf8'));
    else if (opcode === 0x8) tracker.closed(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
  });
  let head = Buffer.alloc(0);
  let upgraded = false;
  let refusedStatus: number | undefined;
  const opened = new Promise<boolean>((resolve) => {
    socket.once('connect', () => {
      const key = randomBytes(16).toString('base64');
      socket.write(
        `GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${apiKey}\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      if (upgraded) return onFrame(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, 12).toString('latin1'))?.[1] ?? 0);
      upgraded = status === 101;
      if (!upgraded) refusedStatus = status;
      resolve(upgraded);
      if (upgraded && head.length > end + 4) onFrame(head.subarray(end + 4));
    });
    socket.once('close', () => {
      if (!upgraded) refusedStatus ??= 0;
      resolve(false);
      tracker.closed(NO_CLOSE_FRAME);
    });
    socket.on('error', () => {});
  });
  const write = (frames: RawFrame[]) => {
    if (!socket.destroyed) socket.write(Buffer.concat(frames.map(encodeFrame)));
  };
  return {
    opened,
    get refusedStatus() {
      return refusedStatus;
    },
    answers: tracker.answers,
    get closeCode() {
      return tracker.closeCode;
    },
    send(frame) {
      if (frame.transport === 'raw') write(frame.frames);
      else
        write([
          {
            fin: true,
            opcode: frame.binary ? 0x2 : 0x1,
            payload: Buffer.from(frame.data),
            masked: true,
            rsv: 0,
          },
        ]);
    },
    waitFor: (count, timeoutMs) => tracker.waitFor(count, timeoutMs),
    destroy: () => socket.destroy(),
  };
}
