import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from './http-error';

/** The default limit of a JSON request body. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Answers with a JSON body (never cached); does nothing once a response has started. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers with the error's status, headers and the one error body. */
export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, error.toJSON(), error.headers);
}

/**
 * Answers on a bare socket, where there is no response object (an upgrade refused before its
 * handshake, a request Node's parser refused): the one error body and its headers, then close.
 */
export function endSocketWithError(socket: Duplex, error: HttpError): void {
  const body = JSON.stringify(error.toJSON());
  const headers = Object.entries(error.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n${headers}connection: close\r\n\r\n${body}`,
  );
}

/** Reads a request body of at most `maxBytes` (413 beyond, as declared or as received). */
export async function readBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, 'body_too_large', `the body exceeds ${maxBytes} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body of at most `maxBytes`: 415 unless JSON, 413 beyond the limit, 400 when it does not parse. */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  const body = await readBody(req, maxBytes);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    // The parser's message quotes the body: never echo client input back.
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
