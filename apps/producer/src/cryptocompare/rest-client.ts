import { Pool } from 'undici';
import { describeError, type Redactor } from '../secret';
import { ApiError } from './api-error';
import { errorFromEnvelope } from './error-envelope';
import type { RateLimiter } from './rate-limiter';
import { discardBody, readBodyCapped } from './read-body';

export type RestClientOptions = {
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
  maxBodyBytes: number;
  limiter: RateLimiter;
  redact: Redactor;
  now?: () => number;
  /** Called with how long a call waited for the client-side budget (for the rate-limit-wait metric). */
  onBudgetWait?: (ms: number) => void;
};

export type RestClient = {
  /** GET a min-api path; resolves with the JSON body or rejects with an ApiError. */
  getJson(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
};

export function createRestClient(opts: RestClientOptions): RestClient {
  const url = new URL(opts.baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, { connections: 4, pipelining: 1 });
  const now = opts.now ?? Date.now;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'mdp-producer' };
  if (opts.apiKey) headers.authorization = `Apikey ${opts.apiKey}`;

  async function getJson(
    path: string,
    query: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const waited = opts.limiter.waitMs();
    if (waited > 0) opts.onBudgetWait?.(waited);
    await opts.limiter.acquire(signal);
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const search = new URLSearchParams(query).toString();
    let response: Awaited<ReturnType<Pool['request']>>;
    try {
      response = await pool.request({
        method: 'GET',
        path: `${prefix}${path}${search ? `?${search}` : ''}`,
        headers,
        signal: combined,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
      });
    } catch (e) {
      throw transportError(e, timeout.aborted, signal, opts.redact);
    }
    const { statusCode } = response;
    if (statusCode < 200 || statusCode >= 300) {
      discardBody(response.body);
      throw statusError(statusCode, response.headers['retry-after']);
    }
    let text: string;
    try {
      text = await readBodyCapped(response.body, opts.maxBodyBytes, response.headers['content-length']);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw transportError(e, timeout.aborted, signal, opts.redact);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError('invalid_json', `response to ${path} is not JSON (${text.length} chars)`);
    }
    const envelopeError = errorFromEnvelope(body, now());
    if (envelopeError) {
      if (envelopeError.kind === 'rate_limited')
        opts.limiter.blockFor(envelopeError.details.retryAfterMs ?? 0);
      throw envelopeError;
    }
    return body;
  }

  return { getJson, close: () => pool.close() };
}

function statusError(status: number, retryAfter: string | string[] | undefined): ApiError {
  if (status === 401 || status === 403) return new ApiError('unauthorized', `HTTP ${status}`, { status });
  if (status === 429) {
    const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) * 1000 : 1000;
    return new ApiError('rate_limited', `HTTP 429`, { status, retryAfterMs });
  }
  if (status >= 500) return new ApiError('server_error', `HTTP ${status}`, { status });
  return new ApiError('http_status', `HTTP ${status}`, { status });
}

function transportError(
  e: unknown,
  timedOut: boolean,
  signal: AbortSignal | undefined,
  redact: Redactor,
): Error {
  if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new Error('aborted');
  const name = e instanceof Error ? e.name : '';
  if (timedOut || name === 'HeadersTimeoutError' || name === 'BodyTimeoutError' || name === 'TimeoutError') {
    return new ApiError('timeout', 'request timed out');
  }
  return new ApiError('network', `network error: ${describeError(e, redact)}`);
}
