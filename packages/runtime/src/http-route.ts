import type { IncomingMessage, ServerResponse } from 'node:http';
import { setRoute } from './access-log';
import { methodNotAllowed } from './http-error';
import type { RouteHandler } from './http-server';

export type MethodHandlers = Readonly<
  Partial<
    Record<
      'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      (req: IncomingMessage, res: ServerResponse) => unknown
    >
  >
>;

/**
 * A route for `addRoute`/`extraRoutes` at one exact path: each method's handler, 405 with `Allow` for
 * any other method (HEAD runs GET), the path named in the access log. A handler may throw `HttpError`.
 * `healthServer.addRoute(route('/admin/state', { GET: (req, res) => ... }))`.
 */
export function route(path: string, handlers: MethodHandlers): RouteHandler {
  const allowed = Object.keys(handlers);
  return async (req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== path) return false;
    setRoute(req, path);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = handlers[method as keyof MethodHandlers];
    if (!handler) throw methodNotAllowed(allowed);
    await handler(req, res);
    return true;
  };
}
