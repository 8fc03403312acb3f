import { createHmac, timingSafeEqual } from 'node:crypto';

export const WebhookHeaders = {
  id: 'x-mdp-webhook-id',
  delivery: 'x-mdp-delivery-id',
  sequence: 'x-mdp-sequence',
  timestamp: 'x-mdp-timestamp',
  signature: 'x-mdp-signature',
} as const;

/** `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`): the timestamp is signed so a replay is detectable. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (and what the tests do): recompute and compare in constant time. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
