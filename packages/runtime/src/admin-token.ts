import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Secret } from './secret';

export type AdminRefusal = Readonly<{
  status: 401 | 503;
  code: 'unauthorized' | 'admin_disabled';
  message: string;
  headers: Readonly<Record<string, string>>;
}>;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The admin routes' guard, the same in every service: `Authorization: Bearer <token>` compared in
 * constant time (both sides hashed to equal length first, so neither content nor length leaks).
 * No configured token disables the routes (503) rather than leaving them open. Returns the
 * refusal, or undefined when the token is right.
 */
export function createAdminTokenCheck(token: Secret | undefined, opts: { realm: string; tokenVar: string }) {
  const expected = token ? digest(token.reveal()) : undefined;
  const challenge = { 'www-authenticate': `Bearer realm="${opts.realm}"` };
  return (headers: IncomingHttpHeaders): AdminRefusal | undefined => {
    if (!expected)
      return {
        status: 503,
        code: 'admin_disabled',
        message: `the admin API is disabled (no ${opts.tokenVar})`,
        headers: {},
      };
    const match = /^Bearer ([^\s]+)$/i.exec(headers.authorization ?? '');
    if (!match?.[1])
      return { status: 401, code: 'unauthorized', message: 'missing Bearer token', headers: challenge };
    if (!timingSafeEqual(digest(match[1]), expected))
      return { status: 401, code: 'unauthorized', message: 'invalid token', headers: challenge };
    return undefined;
  };
}
