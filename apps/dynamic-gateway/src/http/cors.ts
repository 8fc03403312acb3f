import { setRoute } from '@mdp/runtime/access-log';
import { HttpError } from '@mdp/runtime/http-error';
import { sendError } from '@mdp/runtime/http-json';
import type { RouteHandler } from '@mdp/runtime/http-server';

export const CORS_ALLOWED_METHODS = 'GET, POST, DELETE';
/** Last-Event-ID: a reconnecting EventSource sends it; Content-Type: JSON bodies; Authorization: key or token. */
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Last-Event-ID';
/** Headers a page's script may read besides the safelisted ones (when to retry, which auth scheme). */
export const CORS_EXPOSED_HEADERS = 'Retry-After, WWW-Authenticate';
/** How long a browser may reuse a preflight answer (Chromium caps it at 2 h). */
export const CORS_MAX_AGE_SECONDS = 600;

/** `https://app.example.com[:port]` exactly as a browser sends it in `Origin`. */
export function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}

/**
 * CORS for pages served from the configured origins (exact match; none configured: no page of
 * another origin may read an answer). Runs before every other route: adds the headers to whatever
 * answers later (errors and SSE streams included) and answers preflights itself. No credentials
 * mode: pages authenticate with a token or key, never with cookies.
 */
export function createCors(allowedOrigins: readonly string[]): RouteHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res) => {
    const origin = req.headers.origin;
    const isAllowed = typeof origin === 'string' && allowed.has(origin);
    // The answer depends on the Origin: caches must keep one per origin.
    res.setHeader('vary', 'Origin');
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (preflight) {
      setRoute(req, '(preflight)');
      if (!isAllowed) {
        sendError(res, new HttpError(403, 'origin_not_allowed', 'this origin may not call the gateway'));
        return true;
      }
      res.writeHead(204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': CORS_ALLOWED_METHODS,
        'access-control-allow-headers': CORS_ALLOWED_HEADERS,
        'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
        'content-length': '0',
      });
      res.end();
      return true;
    }
    if (isAllowed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    }
    return false;
  };
}
