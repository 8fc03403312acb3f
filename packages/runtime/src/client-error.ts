import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

type ParserRefusal = { status: number; reason: string; code: string; message: string };

/** What Node's HTTP parser refused, as the status Node itself would send and the platform's error code. */
function refusalFor(error: Error & { code?: string }): ParserRefusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        code: 'headers_too_large',
        message: 'request headers are too large',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        code: 'request_timeout',
        message: 'the request was not received in time',
      };
    default:
      return { status: 400, reason: 'Bad Request', code: 'bad_request', message: 'malformed HTTP request' };
  }
}

/**
 * Answers a request that never reached a handler (malformed, headers too large, too slow) with the
 * same status Node would send, but with the platform's JSON error body, so every client gets a code.
 * Nothing of the request is quoted back. A socket already gone or mid-response is just destroyed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inResponse = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inResponse?.headersSent) {
    socket.destroy();
    return;
  }
  const refusal = refusalFor(error);
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Installs `answerClientError` on a server (every service's HTTP server does). */
export function answerClientErrors(server: Server): void {
  server.on('clientError', answerClientError);
}
