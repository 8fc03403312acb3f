import { connect } from 'node:net';
import type { HttpRequestSpec } from '../generators/http-requests';

/** How a request was answered: status and the JSON error code, or no answer at all. */
export type HttpAnswer =
  | { kind: 'status'; status: number; code: string | undefined; contentType: string }
  | { kind: 'no-answer'; reason: 'timeout' | 'closed' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString(), 16);
    if (!Number.isFinite(size) || size <= 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parseResponse(all: Buffer): HttpAnswer | undefined {
  // Interim answers (100 Continue) come before the real one.
  let raw = all;
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 13).toString('latin1')) && raw.includes('\r\n\r\n'))
    raw = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = new Map(
    lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const contentType = headers.get('content-type') ?? '';
  let body = raw.subarray(end + 4);
  if (headers.get('transfer-encoding') === 'chunked') body = dechunk(body);
  let code: string | undefined;
  try {
    const error = (JSON.parse(body.toString('utf8')) as { error?: { code?: unknown } }).error;
    if (typeof error?.code === 'string') code = error.code;
  } catch {
    code = undefined;
  }
  return { kind: 'status', status, code, contentType };
}

/**
 * Sends one request on a fresh socket (Connection: close) and reads the whole answer. A stream
 * (text/event-stream) counts as answered once its head arrived. Bounded by `timeoutMs`.
 */
export function sendHttp(port: number, spec: HttpRequestSpec, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ kind: 'no-answer', reason: 'timeout' }), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const head = parseResponse(Buffer.concat(chunks));
      if (head?.kind === 'status' && head.contentType.startsWith('text/event-stream')) finish(head);
    });
    socket.on('close', () =>
      finish(parseResponse(Buffer.concat(chunks)) ?? { kind: 'no-answer', reason: 'closed' }),
    );
    socket.on('error', () => {});
    socket.once('connect', async () => {
      const body = spec.body ?? Buffer.alloc(0);
      const headers = [...spec.headers, ['host', `127.0.0.1:${port}`], ['connection', 'close']];
      if (spec.body) headers.push(['content-length', String(body.length)]);
      const head = Buffer.from(
        `${spec.method} ${spec.target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`,
        'latin1',
      );
      if (!spec.slow) {
        socket.write(Buffer.concat([head, body]));
        return;
      }
      const all = Buffer.concat([head, body]);
      // At most 40 writes: slow enough to hold the server's parser open, bounded in time.
      const step = Math.max(spec.slow.chunkBytes, Math.ceil(all.length / 40));
      for (let at = 0; at < all.length && !socket.destroyed && !settled; at += step) {
        socket.write(all.subarray(at, at + step));
        await sleep(spec.slow.pauseMs);
      }
    });
  });
}
