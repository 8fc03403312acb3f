/**
 * Why a webhook POST failed, coarsely: shown to the app as `lastError` and used as a metric label, so
 * it never carries an address, a port or a raw error message.
 */
export type WebhookFailure =
  | 'target_not_allowed'
  | 'dns_failed'
  | 'connect_failed'
  | 'timeout'
  | 'tls_error'
  | 'network_error'
  | 'http_status_3xx'
  | 'http_status_4xx'
  | 'http_status_5xx'
  | 'internal_error';

/** The connector's refusal of an address; `code` lets the classifier recognise it. */
export class TargetNotAllowedError extends Error {
  readonly code = 'WEBHOOK_TARGET_NOT_ALLOWED';
  constructor() {
    super('webhook target resolves to a refused address');
    this.name = 'TargetNotAllowedError';
  }
}

export function statusFailure(status: number): WebhookFailure {
  if (status >= 500) return 'http_status_5xx';
  if (status >= 400) return 'http_status_4xx';
  return 'http_status_3xx';
}

const connectCodes = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EAFNOSUPPORT',
]);
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const timeoutCodes = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const tlsCode = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

type Described = { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };

/** Maps what undici, node:net, node:tls or node:dns threw to a coarse reason (causes and aggregates included). */
export function classifyPostError(error: unknown): WebhookFailure {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  const found = new Set<WebhookFailure>();
  while (queue.length > 0 && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, name, cause, errors } = e as Described;
    const c = typeof code === 'string' ? code : '';
    if (e instanceof TargetNotAllowedError || c === 'WEBHOOK_TARGET_NOT_ALLOWED')
      found.add('target_not_allowed');
    else if (name === 'TimeoutError' || timeoutCodes.has(c)) found.add('timeout');
    else if (dnsCodes.has(c)) found.add('dns_failed');
    else if (tlsCode.test(c)) found.add('tls_error');
    else if (connectCodes.has(c)) found.add('connect_failed');
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  const order: WebhookFailure[] = [
    'target_not_allowed',
    'timeout',
    'tls_error',
    'dns_failed',
    'connect_failed',
  ];
  return order.find((f) => found.has(f)) ?? 'network_error';
}
