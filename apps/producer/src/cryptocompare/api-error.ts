/**
 * What can go wrong talking to CryptoCompare, with stable codes (metrics label by `kind`).
 * Messages are built by the producer from redacted text only; the API key never reaches them.
 */
export type ApiErrorKind =
  | 'rate_limited' // Type 99 envelope or HTTP 429
  | 'bad_pair' // Type 1: market does not exist for a pair
  | 'bad_param' // Type 2: ParamWithError names a parameter
  | 'api_error' // any other error envelope
  | 'unauthorized' // HTTP 401/403
  | 'http_status' // other non-2xx
  | 'server_error' // HTTP 5xx
  | 'timeout'
  | 'network'
  | 'invalid_json'
  | 'too_large'
  | 'unexpected_shape';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** When a retry may succeed at the earliest (rate limits), in ms from now. */
      retryAfterMs?: number;
      /** The pair the API blamed (Type 1 messages name it). */
      pair?: { base: string; quote: string };
      param?: string;
    } = {},
  ) {
    super(message);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
