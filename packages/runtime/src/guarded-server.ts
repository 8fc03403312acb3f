import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { answerClientErrors } from './client-error';
import { DEFAULT_HTTP_LIMITS, type HttpLimits, httpServerOptions } from './http-limits';
import type { Logger } from './logger';
import { redactUrl } from './redact-url';

/** The one body every service answers an unexpected failure with (nothing of the error leaks). */
export const INTERNAL_ERROR_BODY = { error: { code: 'internal_error', message: 'internal error' } } as const;

export type GuardedServerOptions = {
  logger: Logger;
  limits?: HttpLimits;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  /** Called once per request whose handler threw (for a metric). */
  onHandlerError?(): void;
};

/**
 * A node:http server on which one request can only hurt itself: the configured limits, stream
 * errors kept off `uncaughtException`, a throwing handler answered with 500 and the standard body
 * (or the response cut when headers are out), and parser refusals answered with a JSON code.
 */
export function createGuardedServer(opts: GuardedServerOptions): Server {
  const server = createServer(httpServerOptions(opts.limits ?? DEFAULT_HTTP_LIMITS), (req, res) => {
    const onStreamError = (e: Error) =>
      opts.logger.debug({ err: e, url: redactUrl(req.url) }, 'http request stream failed');
    req.on('error', onStreamError);
    res.on('error', onStreamError);
    Promise.resolve()
      .then(() => opts.handle(req, res))
      .catch((e: unknown) => {
        opts.onHandlerError?.();
        opts.logger.error({ err: e, url: redactUrl(req.url) }, 'http handler failed');
        if (res.headersSent) return res.destroy();
        const body = JSON.stringify(INTERNAL_ERROR_BODY);
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
  });
  answerClientErrors(server);
  return server;
}
