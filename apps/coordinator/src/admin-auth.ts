import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Secret } from '@mdp/runtime/secret';
import { HttpError } from './http-json';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time (both sides hashed to equal length first,
 * so neither the content nor the length of the token leaks through timing).
 */
export function createAdminAuth(token: Secret | undefined) {
  const expected = token ? digest(token.reveal()) : undefined;
  return (req: IncomingMessage): void => {
    if (!expected)
      throw new HttpError(503, 'admin_disabled', 'the admin API is disabled (no COORDINATOR_ADMIN_TOKEN)');
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    const challenge = { 'www-authenticate': 'Bearer realm="coordinator-admin"' };
    if (!match?.[1]) throw new HttpError(401, 'unauthorized', 'missing Bearer token', undefined, challenge);
    if (!timingSafeEqual(digest(match[1]), expected))
      throw new HttpError(401, 'unauthorized', 'invalid token', undefined, challenge);
  };
}
