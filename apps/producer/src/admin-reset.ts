import { createAdminTokenCheck } from '@mdp/runtime/admin-token';
import { sendJson } from '@mdp/runtime/http-json';
import type { RouteHandler } from '@mdp/runtime/http-server';
import type { Secret } from '@mdp/runtime/secret';

/**
 * `POST /admin/reset` (Bearer PRODUCER_ADMIN_TOKEN): sends RESET to a machine that gave up retrying.
 * Without a configured token the route answers 503: an admin action is never open to anyone.
 */
export function adminResetRoute(token: Secret | undefined, reset: () => void): RouteHandler {
  const authorize = createAdminTokenCheck(token, {
    realm: 'producer-admin',
    tokenVar: 'PRODUCER_ADMIN_TOKEN',
  });
  return (req, res) => {
    if (new URL(req.url ?? '/', 'http://producer').pathname !== '/admin/reset') return false;
    const refusal = authorize(req.headers);
    if (refusal) {
      sendJson(
        res,
        refusal.status,
        { error: { code: refusal.code, message: refusal.message } },
        refusal.headers,
      );
      return true;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'use POST' } }, { allow: 'POST' });
      return true;
    }
    reset();
    sendJson(res, 202, { status: 'reset sent' });
    return true;
  };
}
