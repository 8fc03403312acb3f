import type { ServerOptions } from 'node:http';
import { durationVar, intVar } from './config-vars';

/** How long a client may take to send its request, how long an idle keep-alive socket lives, how big headers may be. */
export type HttpLimits = Readonly<{
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
}>;

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
};

/** The same variables on every service's HTTP server (add as `httpLimits: httpLimitsShape()`). */
export function httpLimitsShape() {
  return {
    headersTimeoutMs: durationVar('HTTP_HEADERS_TIMEOUT_MS', {
      default: DEFAULT_HTTP_LIMITS.headersTimeoutMs,
      min: 100,
      max: 300_000,
      description: 'a client that has not sent all its request headers by then is disconnected',
    }),
    requestTimeoutMs: durationVar('HTTP_REQUEST_TIMEOUT_MS', {
      default: DEFAULT_HTTP_LIMITS.requestTimeoutMs,
      min: 100,
      max: 3_600_000,
      description:
        'time to receive a whole request (headers and body); not a limit on responses such as SSE streams',
    }),
    keepAliveTimeoutMs: durationVar('HTTP_KEEP_ALIVE_TIMEOUT_MS', {
      default: DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs,
      min: 100,
      max: 600_000,
      description: 'an idle keep-alive connection is closed after this long',
    }),
    maxHeaderBytes: intVar('HTTP_MAX_HEADER_BYTES', {
      default: DEFAULT_HTTP_LIMITS.maxHeaderBytes,
      min: 1024,
      max: 1024 * 1024,
      description: 'larger request headers are refused with 431',
    }),
  };
}

/**
 * `createServer` options for `limits`. The headers timeout cannot exceed the request timeout (Node
 * refuses it), so it is capped there; Node checks both timeouts on an interval (30 s by default),
 * set here to a fraction of the headers timeout so a slow client is cut close to its deadline.
 */
export function httpServerOptions(limits: HttpLimits = DEFAULT_HTTP_LIMITS): ServerOptions {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    headersTimeout,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
  };
}
