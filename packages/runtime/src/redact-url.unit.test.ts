import { redactUrl, SECRET_QUERY_PARAMS } from './redact-url';

describe('redactUrl', () => {
  it('replaces the value of every credential query parameter, whatever its case', () => {
    for (const name of SECRET_QUERY_PARAMS) {
      expect(redactUrl(`/v1/topics?${name}=s3cret-value&topic=a`)).toBe(
        `/v1/topics?${name}=[redacted]&topic=a`,
      );
      expect(redactUrl(`/x?${name.toUpperCase()}=s3cret-value`)).toBe(`/x?${name.toUpperCase()}=[redacted]`);
    }
  });

  it('keeps other parameters, paths without a query and absolute URLs intact', () => {
    expect(redactUrl('/v1/stream/sse?topic=dyn.ticks&from=earliest')).toBe(
      '/v1/stream/sse?topic=dyn.ticks&from=earliest',
    );
    expect(redactUrl('/healthz')).toBe('/healthz');
    expect(redactUrl('wss://streamer.example.com/v2?api_key=abc&x=1')).toBe(
      'wss://streamer.example.com/v2?api_key=[redacted]&x=1',
    );
    expect(redactUrl(undefined)).toBeUndefined();
  });

  it('redacts repeated and percent-encoded names, user info, and drops the fragment', () => {
    expect(redactUrl('/a?api_key=1&api_key=2')).toBe('/a?api_key=[redacted]&api_key=[redacted]');
    expect(redactUrl('/a?api%5Fkey=1')).toBe('/a?api%5Fkey=[redacted]');
    expect(redactUrl('/a?%zz=1')).toBe('/a?%zz=[redacted]');
    expect(redactUrl('https://user:pw@host.example/p?token=t#frag')).toBe(
      'https://[redacted]@host.example/p?token=[redacted]',
    );
  });

  it('leaves a secret-named parameter without a value (nothing to hide) as it is', () => {
    expect(redactUrl('/a?token&b=2')).toBe('/a?token&b=2');
  });
});
