import type { Auth } from './auth.js';
import { errorFromResponse, MdpError } from './errors.js';

export type Query = Record<string, string | number | undefined>;

export type ClientContext = {
  url: string;
  auth: Auth;
  fetch: typeof fetch;
  WebSocket: typeof WebSocket | undefined;
  /** A connection that brings nothing (not even a keep-alive) this long is taken for dead. */
  idleTimeoutMs: number;
};

export function buildUrl(base: string, path: string, query: Query): URL {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

/** A JSON GET of the API; a refused token is renewed once and the request repeated. */
export async function getJson<T>(
  ctx: ClientContext,
  path: string,
  query: Query,
  signal?: AbortSignal,
): Promise<T> {
  for (let renewed = false; ; renewed = true) {
    await ctx.auth.ready();
    const res = await ctx
      .fetch(buildUrl(ctx.url, path, query), {
        headers: { accept: 'application/json', ...ctx.auth.headers() },
        ...(signal ? { signal } : {}),
      })
      .catch((e: unknown) => {
        throw new MdpError(0, 'network_error', e instanceof Error ? e.message : String(e));
      });
    if (res.ok) return (await res.json()) as T;
    const error = await errorFromResponse(res);
    if (!renewed && isAuthRefusal(error) && (await ctx.auth.renew())) continue;
    throw error;
  }
}

export const isAuthRefusal = (e: unknown) => e instanceof MdpError && (e.status === 401 || e.status === 403);
