// Webhook receivers: checks the gateway's signature with Web Crypto (Node 20+, browsers, edge
// runtimes), no Node-only module.
import type { GapEvent, MarketDataMessage, Position } from './types.js';

/** The body of a webhook POST. */
export type WebhookBatch = {
  webhookId: string;
  topic: string;
  sequence: number;
  position: Position;
  gap?: Omit<GapEvent, 'topic'>;
  undelivered?: { sequence: number; from: Position; to: Position; messages: number };
  messages: MarketDataMessage[];
};

export type WebhookErrorCode = 'missing_signature' | 'stale_timestamp' | 'bad_signature' | 'invalid_body';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Headers as Fetch gives them or as Node's `IncomingMessage.headers` does. */
export type HeadersInput = Headers | Record<string, string | string[] | undefined>;

export type VerifyOptions = {
  /** How far `x-mdp-timestamp` may be from now (either way) before it is a replay; default 5 minutes. */
  toleranceMs?: number;
  /** Now, epoch ms (tests). */
  now?: number;
};

const encoder = new TextEncoder();

/**
 * Checks a webhook delivery: `x-mdp-signature` must be `sha256=<hex HMAC-SHA256(secret,
 * "<x-mdp-timestamp>.<raw body>")>` and the timestamp within `toleranceMs` of now. Resolves to the
 * parsed batch; rejects with a WebhookVerificationError otherwise. Pass the body exactly as
 * received (string or bytes), before any JSON parsing.
 */
export async function verifyWebhook(
  secret: string,
  headers: HeadersInput,
  rawBody: string | Uint8Array,
  options: VerifyOptions = {},
): Promise<WebhookBatch> {
  const signature = header(headers, 'x-mdp-signature');
  const timestamp = header(headers, 'x-mdp-timestamp');
  if (!signature || !timestamp)
    throw new WebhookVerificationError('missing_signature', 'no signature or timestamp header');
  const sentAt = Number(timestamp);
  const now = options.now ?? Date.now();
  if (!/^\d+$/.test(timestamp) || Math.abs(now - sentAt) > (options.toleranceMs ?? 300_000))
    throw new WebhookVerificationError('stale_timestamp', 'the timestamp is outside the tolerance');
  const mac = /^sha256=([0-9a-f]{64})$/.exec(signature)?.[1];
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  if (!mac || !(await hmacMatches(secret, concat(encoder.encode(`${timestamp}.`), body), hexBytes(mac))))
    throw new WebhookVerificationError('bad_signature', 'the signature does not match');
  try {
    return JSON.parse(new TextDecoder().decode(body)) as WebhookBatch;
  } catch {
    throw new WebhookVerificationError('invalid_body', 'the body is not JSON');
  }
}

/** Web Crypto's verify compares in constant time. */
async function hmacMatches(secret: string, data: Uint8Array, mac: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify('HMAC', key, mac as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
}

function header(headers: HeadersInput, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
