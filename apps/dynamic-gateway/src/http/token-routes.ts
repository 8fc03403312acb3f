import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@mdp/runtime/http-json';
import { ApiError } from './api-error';
import { type Authenticator, presentedKey } from './auth';
import type { TokenIssuer } from './tokens';

type Ctx = { req: IncomingMessage; res: ServerResponse; appId: string; url: URL };
export type TokenRoute = { method: string; pattern: RegExp; run(ctx: Ctx): void };

/**
 * POST /v1/tokens: the caller's API key buys a short-lived token of its app, for a browser page
 * that must not hold the key. The /v1 door has already authenticated the caller (key or token);
 * this route asks again with keys only, so a token cannot renew itself forever.
 */
export function createTokenRoutes(deps: {
  authenticateKey: Authenticator;
  tokens: TokenIssuer;
}): TokenRoute[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/tokens$/,
      run: ({ req, res, url }) => {
        const byKey = deps.authenticateKey(presentedKey(req.headers, url.searchParams));
        if (!byKey.ok)
          throw new ApiError(
            403,
            'api_key_required',
            'a token is bought with an API key, not with another token',
          );
        const issued = deps.tokens.issue(byKey.value);
        sendJson(res, 200, { token: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() });
      },
    },
  ];
}
