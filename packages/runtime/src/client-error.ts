import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from './http-error';
import { endSocketWithError } from './http-json';

/** What Node's HTTP parser refused, as the status Node itself would send and the platform's error code. */
function refusalFor(error: Error & { code?: string }): HttpError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new HttpError(431, 'headers_too_large', 'request headers are too large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new HttpError(408, 'request_timeout', 'the request was not received in time');
    default:
      return new HttpError(400, 'bad_request', 'malformed HTTP request');
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
  endSocketWithError(socket, refusalFor(error));
}

/** Installs `answerClientError` on a server (every service's HTTP server does). */
export function answerClientErrors(server: Server): void {
  server.on('clientError', answerClientError);
}
