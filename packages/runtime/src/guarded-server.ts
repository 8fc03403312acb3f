import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { logAccess } from './access-log';
import { answerClientErrors } from './client-error';
import { HttpError, INTERNAL_ERROR_BODY } from './http-error';
import { sendError, sendJson } from './http-json';
import { DEFAULT_HTTP_LIMITS, type HttpLimits, httpServerOptions } from './http-limits';
import type { Logger } from './logger';
import { redactUrl } from './redact-url';

export type GuardedServerOptions = {
  logger: Logger;
  limits?: HttpLimits;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  /** Called once per request whose handler threw (for a metric). */
  onHandlerError?(): void;
};

/**
 * A node:http server on which one request can only hurt itself: the configured limits, stream
 * errors kept off `uncaughtException`, a thrown `HttpError` answered as such, any other throw
 * answered with 500 and the standard body (or the response cut when headers are out), parser
 * refusals answered with a JSON code, and one access log line per request (see `logAccess`).
 */
export function createGuardedServer(opts: GuardedServerOptions): Server {
  const server = createServer(httpServerOptions(opts.limits ?? DEFAULT_HTTP_LIMITS), (req, res) => {
    const onStreamError = (e: Error) =>
      opts.logger.debug({ err: e, url: redactUrl(req.url) }, 'http request stream failed');
    req.on('error', onStreamError);
    res.on('error', onStreamError);
    logAccess(opts.logger, req, res);
    Promise.resolve()
      .then(() => opts.handle(req, res))
      .catch((e: unknown) => {
        if (e instanceof HttpError && !res.headersSent) return sendError(res, e);
        opts.onHandlerError?.();
        opts.logger.error({ err: e, url: redactUrl(req.url) }, 'http handler failed');
        if (res.headersSent) return res.destroy();
        sendJson(res, 500, INTERNAL_ERROR_BODY);
      });
  });
  answerClientErrors(server);
  return server;
}
