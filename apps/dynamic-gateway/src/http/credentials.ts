import { err, type Result } from '@mdp/contracts/result';
import type { Authenticator, AuthFailure } from './auth';
import { looksLikeToken, type TokenIssuer } from './tokens';

/**
 * One door for both credentials: an API key, else a token (`mdpt1.…`) from POST /v1/tokens. The
 * key lookup runs first, so a configured key that happens to look like a token still works. A
 * token counts only while its app still has a key configured (removing an app's keys cuts its
 * tokens too, without waiting for them to expire).
 */
export function createCredentialAuthenticator(
  authenticateKey: Authenticator,
  tokens: TokenIssuer,
  appIds: ReadonlySet<string>,
): Authenticator {
  return (credential): Result<string, AuthFailure> => {
    const byKey = authenticateKey(credential);
    if (byKey.ok || credential === undefined || !looksLikeToken(credential)) return byKey;
    const byToken = tokens.verify(credential);
    if (byToken.ok && !appIds.has(byToken.value))
      return err({
        status: 401,
        code: 'invalid_token',
        message: 'the token is not valid; ask POST /v1/tokens for one',
      });
    return byToken;
  };
}
