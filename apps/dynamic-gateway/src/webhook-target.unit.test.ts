import { signWebhook, verifyWebhook } from './webhook-signature';
import { checkWebhookUrl } from './webhook-target';

describe('webhook targets', () => {
  it('accepts public http(s) URLs only, unless private hosts are allowed', () => {
    expect(checkWebhookUrl('https://hooks.example.com/x', false).ok).toBe(true);
    for (const bad of [
      'ftp://example.com',
      'not a url',
      'https://user:pw@example.com',
      'http://127.0.0.1:8080',
      'http://localhost/x',
      'http://10.1.2.3',
      'http://192.168.0.1',
      'http://[::1]/x',
      'http://169.254.169.254/latest',
    ])
      expect(checkWebhookUrl(bad, false).ok).toBe(false);
    expect(checkWebhookUrl('http://127.0.0.1:8080/hook', true).ok).toBe(true);
  });

  it('signs timestamp and body; any change breaks the signature', () => {
    const sig = signWebhook('s3cret-s3cret-s3cret', '1700000000000', '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret-s3cret-s3cret', '1700000000000', '{"a":1}', sig)).toBe(true);
    expect(verifyWebhook('s3cret-s3cret-s3cret', '1700000000001', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhook('s3cret-s3cret-s3cret', '1700000000000', '{"a":2}', sig)).toBe(false);
    expect(verifyWebhook('other-secret-other', '1700000000000', '{"a":1}', sig)).toBe(false);
  });
});
