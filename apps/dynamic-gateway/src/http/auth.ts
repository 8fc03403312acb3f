import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { err, ok, type Result } from '@mdp/contracts/result';

/** A key is kept only as its SHA-256: equal-length digests make the comparison constant-time. */
export type ApiKeyEntry = Readonly<{ keyHash: Buffer; appId: string }>;

const KEY = /^[A-Za-z0-9._~+/=-]{16,256}$/;
const APP_ID = /^[a-zA-Z0-9._-]{1,64}$/;

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** `key1:app-a,key2:app-b` → entries; the error never repeats a key. */
export function parseApiKeys(text: string): Result<ApiKeyEntry[], string> {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return err('must list at least one key:appId');
  const entries: ApiKeyEntry[] = [];
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const colon = item.lastIndexOf(':');
    const key = item.slice(0, colon);
    const appId = item.slice(colon + 1);
    if (colon < 0 || !KEY.test(key))
      return err(`entry ${index + 1}: key must be 16-256 of [A-Za-z0-9._~+/=-] followed by :appId`);
    if (!APP_ID.test(appId)) return err(`entry ${index + 1}: appId must be 1-64 of [a-zA-Z0-9._-]`);
    const keyHash = digest(key);
    const hex = keyHash.toString('hex');
    if (seen.has(hex)) return err(`entry ${index + 1}: duplicate key`);
    seen.add(hex);
    entries.push({ keyHash, appId });
  }
  return ok(entries);
}

export type AuthFailure = {
  status: 401 | 403;
  code:
    | 'missing_api_key'
    | 'invalid_api_key'
    | 'api_key_in_query'
    | 'token_in_query'
    | 'invalid_token'
    | 'token_expired';
  message: string;
};

/** The only paths where browsers cannot set a header (EventSource, WebSocket), so `?api_key=`/`?token=` are allowed. */
export const QUERY_KEY_PATHS: ReadonlySet<string> = new Set(['/v1/stream/sse', '/v1/ws']);

/**
 * A key in the query of any other path is refused (a URL ends up in proxies' and browsers' logs):
 * such a key must go in the Authorization header.
 */
export function queryKeyRefusal(path: string, query: URLSearchParams): AuthFailure | undefined {
  if (QUERY_KEY_PATHS.has(path)) return undefined;
  if (query.has('token'))
    return {
      status: 401,
      code: 'token_in_query',
      message: 'send the token in the Authorization header; token in the URL is only for SSE and WebSocket',
    };
  if (!query.has('api_key')) return undefined;
  return {
    status: 401,
    code: 'api_key_in_query',
    message: 'send the API key in the Authorization header; api_key in the URL is only for SSE and WebSocket',
  };
}

/**
 * Where a key or token may come from: header (preferred), or `api_key`/`token` in the query for
 * EventSource/WebSocket in browsers.
 */
export function presentedKey(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header.trim();
  return query.get('api_key') ?? query.get('token') ?? undefined;
}

export type Authenticator = (key: string | undefined) => Result<string, AuthFailure>;

/** Looks a key up by comparing its digest with every configured digest (no early exit, no length leak). */
export function createAuthenticator(entries: readonly ApiKeyEntry[]): Authenticator {
  return (key) => {
    if (key === undefined || key.length === 0)
      return err({ status: 401, code: 'missing_api_key', message: 'an API key or token is required' });
    const presented = digest(key);
    let appId: string | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(presented, entry.keyHash) && appId === undefined) appId = entry.appId;
    }
    if (appId === undefined) return err({ status: 403, code: 'invalid_api_key', message: 'unknown API key' });
    return ok(appId);
  };
}
