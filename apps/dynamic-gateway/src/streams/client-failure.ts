import { HttpError } from '@mdp/runtime/http-error';
import type { Logger } from '@mdp/runtime/logger';
import { ApiError } from '../http/api-error';
import type { GatewayMetrics } from '../metrics';

export type ClientFailureDeps = { logger: Logger; metrics: GatewayMetrics };

/** Where an unexpected throw happened: a plain HTTP route, or an SSE stream (before or after its headers). */
export type ClientTransport = 'http' | 'sse' | 'ws';

/** The one answer to an unexpected failure: never the exception's text. */
export const internalError = () => new ApiError(500, 'internal_error', 'internal error');

/** True for a throw nobody meant to send the client (a bug or a broken dependency), not a refusal. */
export const isUnexpected = (e: unknown): boolean =>
  !(e instanceof HttpError) && (e as { code?: unknown } | undefined)?.code !== 'reader_unavailable';

/**
 * Logs an unexpected throw in one client's handler with the client's app id (never its key) and
 * counts it in `gateway_client_errors_total{transport}`. Ending that client is the caller's part.
 */
export function reportClientFailure(
  deps: ClientFailureDeps,
  transport: ClientTransport,
  appId: string | undefined,
  e: unknown,
  path?: string,
): void {
  deps.metrics.clientErrors.inc({ transport });
  deps.logger.error({ err: e, appId, transport, path }, 'client handler failed; that client is closed');
}
