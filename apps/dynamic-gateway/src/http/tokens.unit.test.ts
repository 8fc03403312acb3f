import { createHmac } from 'node:crypto';
import { createAuthenticator, parseApiKeys } from './auth';
import { createCredentialAuthenticator } from './credentials';
import { createTokenIssuer } from './tokens';

const SECRET = Buffer.from('a-test-secret-of-at-least-32-characters');
const TTL = 60_000;

describe('tokens', () => {
  let clock = 1_000_000;
  const issuer = createTokenIssuer({ secret: SECRET, ttlMs: TTL, now: () => clock });
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('signs the app and the expiry, and verifies until then', () => {
    const { token, expiresAt } = issuer.issue('app-a');
    expect(expiresAt).toBe(1_000_000 + TTL);
    expect(token).toMatch(/^mdpt1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(issuer.verify(token)).toEqual({ ok: true, value: 'app-a' });
    clock += TTL - 1;
    expect(issuer.verify(token)).toEqual({ ok: true, value: 'app-a' });
  });

  it('refuses an expired token with token_expired, without repeating it', () => {
    const { token } = issuer.issue('app-a');
    clock += TTL;
    const result = issuer.verify(token);
    expect(result).toMatchObject({ ok: false, error: { status: 401, code: 'token_expired' } });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('refuses a token whose payload was changed to another app or a later expiry', () => {
    const { token } = issuer.issue('app-a');
    const [prefix, , signature] = token.split('.');
    for (const claims of [
      { app: 'app-b', exp: clock + TTL },
      { app: 'app-a', exp: clock + 10 * TTL },
    ]) {
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      expect(issuer.verify(`${prefix}.${payload}.${signature}`)).toMatchObject({
        ok: false,
        error: { status: 401, code: 'invalid_token' },
      });
    }
  });

  it('refuses a changed signature, another secret and malformed text', () => {
    const { token } = issuer.issue('app-a');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const other = createTokenIssuer({
      secret: Buffer.from('another-secret-of-at-least-32-chars'),
      ttlMs: TTL,
    });
    for (const bad of [
      `${token.slice(0, -1)}${last}`,
      other.issue('app-a').token,
      '',
      'mdpt1.',
      'mdpt1..x',
      `${token}.extra`,
      token.replace('mdpt1', 'mdpt2'),
    ])
      expect(issuer.verify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
  });

  it('refuses a well-signed payload that is not the claims of a token', () => {
    for (const claims of ['null', '"text"', '{"app":"bad app","exp":9e15}', '{"app":"app-a"}', 'not json']) {
      const payload = Buffer.from(claims).toString('base64url');
      // Signed with the real secret: only the checks of the claims stand in the way.
      const signature = createHmac('sha256', SECRET).update(`mdpt1.${payload}`).digest('base64url');
      expect(issuer.verify(`mdpt1.${payload}.${signature}`)).toMatchObject({
        ok: false,
        error: { code: 'invalid_token' },
      });
    }
  });
});

describe('keys and tokens at one door', () => {
  const keys = parseApiKeys('alpha-key-0123456789:app-a,beta-key-0123456789:app-b');
  const authenticateKey = createAuthenticator(keys.ok ? keys.value : []);
  const issuer = createTokenIssuer({ secret: SECRET, ttlMs: TTL });
  const authenticate = createCredentialAuthenticator(authenticateKey, issuer, new Set(['app-a', 'app-b']));

  it('accepts a key or a token of a configured app', () => {
    expect(authenticate('alpha-key-0123456789')).toEqual({ ok: true, value: 'app-a' });
    expect(authenticate(issuer.issue('app-b').token)).toEqual({ ok: true, value: 'app-b' });
  });

  it('refuses a valid token of an app that no longer has a key', () => {
    expect(authenticate(issuer.issue('app-gone').token)).toMatchObject({
      ok: false,
      error: { status: 401, code: 'invalid_token' },
    });
  });

  it('says invalid_api_key for what is no token, invalid_token for a bad token', () => {
    expect(authenticate('unknown-key-0123456789')).toMatchObject({
      ok: false,
      error: { code: 'invalid_api_key' },
    });
    expect(authenticate('mdpt1.abc.def')).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
    expect(authenticate(undefined)).toMatchObject({ ok: false, error: { code: 'missing_api_key' } });
  });
});
