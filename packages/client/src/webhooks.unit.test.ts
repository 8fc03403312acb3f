import { createHmac } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from './webhooks.js';

const secret = 'whsec-0123456789abcdef';
const body = JSON.stringify({ webhookId: 'w1', topic: 't', sequence: 1, position: '3.0', messages: [] });
const now = 1_800_000_000_000;

/** Signed the way the gateway signs (HMAC-SHA256 of "<timestamp>.<body>"), with Node's crypto. */
function signed(timestamp: number, payload = body, key = secret) {
  const mac = createHmac('sha256', key).update(`${timestamp}.${payload}`).digest('hex');
  return { 'x-mdp-timestamp': String(timestamp), 'x-mdp-signature': `sha256=${mac}` };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).code;
}

describe('verifyWebhook', () => {
  it('accepts a fresh signature and returns the batch (string, bytes or Fetch headers)', async () => {
    const headers = signed(now - 1000);
    expect(await verifyWebhook(secret, headers, body, { now })).toMatchObject({
      webhookId: 'w1',
      position: '3.0',
    });
    expect(await verifyWebhook(secret, new Headers(headers), Buffer.from(body), { now })).toMatchObject({
      sequence: 1,
    });
  });

  it('refuses a stale timestamp (a replay), even with a valid signature, and one from the future', async () => {
    expect(await refusal(verifyWebhook(secret, signed(now - 301_000), body, { now }))).toBe(
      'stale_timestamp',
    );
    expect(await refusal(verifyWebhook(secret, signed(now - 5000), body, { now, toleranceMs: 1000 }))).toBe(
      'stale_timestamp',
    );
    expect(await refusal(verifyWebhook(secret, signed(now + 301_000), body, { now }))).toBe(
      'stale_timestamp',
    );
  });

  it('refuses a bad signature: another secret, a changed body, a changed timestamp, a malformed header', async () => {
    expect(await refusal(verifyWebhook(secret, signed(now, body, 'another-secret'), body, { now }))).toBe(
      'bad_signature',
    );
    expect(await refusal(verifyWebhook(secret, signed(now), body.replace('w1', 'w2'), { now }))).toBe(
      'bad_signature',
    );
    const moved = { ...signed(now), 'x-mdp-timestamp': String(now - 1) };
    expect(await refusal(verifyWebhook(secret, moved, body, { now }))).toBe('bad_signature');
    const short = { ...signed(now), 'x-mdp-signature': 'sha256=abc' };
    expect(await refusal(verifyWebhook(secret, short, body, { now }))).toBe('bad_signature');
    expect(await refusal(verifyWebhook(secret, {}, body, { now }))).toBe('missing_signature');
  });
});
