import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@mdp/contracts/result';
import type { Logger } from '@mdp/runtime/logger';
import type { Secret } from '@mdp/runtime/secret';

/**
 * Short-lived, app-scoped tokens a browser page can hold instead of an API key:
 * `mdpt1.<base64url JSON {app, exp}>.<base64url HMAC-SHA256 of what precedes it>`.
 * Stateless: any gateway with the same secret verifies them; none is stored or can be revoked
 * before it expires (hence a short, bounded lifetime).
 */
export type TokenFailure = {
  status: 401;
  code: 'invalid_token' | 'token_expired';
  message: string;
};

export type IssuedToken = { token: string; expiresAt: number };

export type TokenIssuer = {
  issue(appId: string): IssuedToken;
  /** The token's app id, or why it is refused (the message never repeats the token). */
  verify(token: string): Result<string, TokenFailure>;
};

const PREFIX = 'mdpt1';
/** A signature is 32 bytes: 43 base64url characters. The payload is small; anything longer is forged. */
const SHAPE = /^mdpt1\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/;
const APP_ID = /^[a-zA-Z0-9._-]{1,64}$/;

/** Whether a credential is meant as a token (rather than an API key), so its refusal can say so. */
export const looksLikeToken = (credential: string): boolean => credential.startsWith(`${PREFIX}.`);

const invalid = (): Result<string, TokenFailure> =>
  err({ status: 401, code: 'invalid_token', message: 'the token is not valid; ask POST /v1/tokens for one' });

export function createTokenIssuer(opts: { secret: Buffer; ttlMs: number; now?: () => number }): TokenIssuer {
  const now = opts.now ?? Date.now;
  const sign = (signed: string) => createHmac('sha256', opts.secret).update(signed).digest('base64url');

  return {
    issue(appId) {
      const expiresAt = now() + opts.ttlMs;
      const payload = Buffer.from(JSON.stringify({ app: appId, exp: expiresAt })).toString('base64url');
      const signed = `${PREFIX}.${payload}`;
      return { token: `${signed}.${sign(signed)}`, expiresAt };
    },
    verify(token) {
      const match = SHAPE.exec(token);
      const payload = match?.[1];
      const signature = match?.[2];
      if (!payload || !signature) return invalid();
      // Both are 43 ASCII characters: a constant-time comparison of equal lengths.
      const expected = Buffer.from(sign(`${PREFIX}.${payload}`));
      if (!timingSafeEqual(expected, Buffer.from(signature))) return invalid();
      let claims: { app?: unknown; exp?: unknown };
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
      } catch {
        return invalid();
      }
      const { app, exp } = claims ?? {};
      if (typeof app !== 'string' || !APP_ID.test(app) || !Number.isSafeInteger(exp)) return invalid();
      if ((exp as number) <= now())
        return err({
          status: 401,
          code: 'token_expired',
          message: 'the token has expired; ask POST /v1/tokens for a new one',
        });
      return ok(app);
    },
  };
}

/** The configured signing key, or a random one for this process only (said once, at start). */
export function tokenSecret(configured: Secret | undefined, logger: Logger): Buffer {
  if (configured) return Buffer.from(configured.reveal(), 'utf8');
  logger.warn(
    'GATEWAY_TOKEN_SECRET is unset: tokens are signed with a random per-process key, so they do not survive a restart and are refused by other replicas',
  );
  return randomBytes(32);
}
