import { createAuthenticator, parseApiKeys, presentedKey, queryKeyRefusal } from './auth';

describe('API keys', () => {
  const entries = parseApiKeys('alpha-key-0123456789:app-a, beta-key-0123456789:app-b');
  const authenticate = createAuthenticator(entries.ok ? entries.value : []);

  it('maps a key to its app, refuses missing (401) and unknown (403) keys', () => {
    expect(authenticate('alpha-key-0123456789')).toEqual({ ok: true, value: 'app-a' });
    expect(authenticate('beta-key-0123456789')).toEqual({ ok: true, value: 'app-b' });
    expect(authenticate(undefined)).toMatchObject({
      ok: false,
      error: { status: 401, code: 'missing_api_key' },
    });
    expect(authenticate('alpha-key-012345678')).toMatchObject({
      ok: false,
      error: { status: 403, code: 'invalid_api_key' },
    });
    expect(authenticate('x'.repeat(10_000))).toMatchObject({ ok: false, error: { status: 403 } });
  });

  it('refuses malformed configuration without echoing keys', () => {
    expect(parseApiKeys('')).toMatchObject({ ok: false });
    expect(parseApiKeys('tooshort:app')).toEqual({
      ok: false,
      error: expect.not.stringContaining('tooshort'),
    });
    expect(parseApiKeys('alpha-key-0123456789:bad app')).toMatchObject({ ok: false });
    expect(parseApiKeys('alpha-key-0123456789:a,alpha-key-0123456789:b')).toMatchObject({
      ok: false,
      error: expect.stringContaining('duplicate'),
    });
  });

  it('takes the credential from Authorization, X-API-Key, api_key or token, in that order', () => {
    const q = new URLSearchParams('api_key=q');
    expect(presentedKey({ authorization: 'Bearer  a ', 'x-api-key': 'b' }, q)).toBe('a');
    expect(presentedKey({ 'x-api-key': 'b' }, q)).toBe('b');
    expect(presentedKey({}, q)).toBe('q');
    expect(presentedKey({ authorization: 'Basic abc' }, new URLSearchParams())).toBeUndefined();
    expect(presentedKey({}, new URLSearchParams('token=t'))).toBe('t');
  });

  it('allows a key in the query only on the SSE GET and the WebSocket upgrade', () => {
    const q = new URLSearchParams('api_key=q&topic=t');
    expect(queryKeyRefusal('/v1/stream/sse', q)).toBeUndefined();
    expect(queryKeyRefusal('/v1/ws', q)).toBeUndefined();
    expect(queryKeyRefusal('/v1/topics', new URLSearchParams('topic=t'))).toBeUndefined();
    for (const path of [
      '/v1/topics',
      '/v1/streams',
      '/v1/webhooks',
      '/v1/webhooks/abc',
      '/v1/stream/sse/x',
    ]) {
      expect(queryKeyRefusal(path, q)).toMatchObject({ status: 401, code: 'api_key_in_query' });
      expect(queryKeyRefusal(path, new URLSearchParams('token=t'))).toMatchObject({
        status: 401,
        code: 'token_in_query',
      });
    }
    expect(queryKeyRefusal('/v1/stream/sse', new URLSearchParams('token=t'))).toBeUndefined();
    expect(queryKeyRefusal('/v1/ws', new URLSearchParams('token=t'))).toBeUndefined();
  });
});
