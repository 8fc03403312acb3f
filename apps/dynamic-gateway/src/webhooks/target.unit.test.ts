import { signWebhook, verifyWebhook } from './signature';
import { checkWebhookUrl } from './target';

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

  it('refuses loopback, private and reserved literals in every notation', () => {
    for (const bad of [
      'http://2130706433/', // decimal
      'http://0177.0.0.1/', // octal
      'http://0x7f000001/', // hex
      'http://0x7f.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[2002:a9fe:a9fe::]/latest',
      'http://[fd12::1]/',
      'http://[fe80::1]/',
      'http://100.64.0.1/',
      'http://0.0.0.0:8080/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://[ff02::1]/',
      'http://[::]/',
      'http://LOCALHOST/',
      'http://localhost./',
      'http://api.localhost/',
    ]) {
      const checked = checkWebhookUrl(bad, false);
      expect([bad, checked.ok]).toEqual([bad, false]);
      if (!checked.ok) expect(checked.error).not.toMatch(/127|::|0x|\d+\.\d+/);
    }
    for (const good of ['http://8.8.8.8/', 'https://[2606:4700::1111]/hook', 'http://[::ffff:8.8.8.8]/'])
      expect([good, checkWebhookUrl(good, false).ok]).toEqual([good, true]);
  });

  it('with the opt-in allows loopback and private targets, never reserved ones', () => {
    for (const good of [
      'http://localhost:8080/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.0.0.1/',
    ])
      expect([good, checkWebhookUrl(good, true).ok]).toEqual([good, true]);
    for (const bad of ['http://0.0.0.0/', 'http://224.0.0.1/', 'http://[ff02::1]/', 'http://[::]/'])
      expect([bad, checkWebhookUrl(bad, true).ok]).toEqual([bad, false]);
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
