import { jsonDepthExceeds, MAX_FRAME_DEPTH, parseClientFrame } from './frames';

describe('jsonDepthExceeds', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[[[","b":[[1]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\\\","b":[[[1]]]}', 3)).toBe(true);
  });
});

describe('parseClientFrame', () => {
  it('refuses deep frames before parsing them', () => {
    const r = parseClientFrame(`{"type":"ping","data":${'['.repeat(8000)}${']'.repeat(8000)}}`);
    expect(r).toEqual({
      ok: false,
      error: { code: 'invalid_frame', message: `frame nests deeper than ${MAX_FRAME_DEPTH}`, issues: [] },
    });
  });

  it('accepts a ping token and refuses any other ping data without echoing it', () => {
    expect(parseClientFrame('{"type":"ping","data":"abc:1"}')).toEqual({
      ok: true,
      value: { type: 'ping', data: 'abc:1' },
    });
    for (const data of ['7', '"has space"', `"${'a'.repeat(65)}"`, '{"x":"SECRET"}', '["SECRET"]']) {
      const r = parseClientFrame(`{"type":"ping","data":${data}}`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_frame');
      expect(JSON.stringify(r)).not.toMatch(/SECRET|has space|aaaa/);
    }
  });

  it('names no unknown key a client sent', () => {
    const r = parseClientFrame('{"type":"unsubscribe","id":"a","SECRET-KEY":1,"__proto__":{"x":1}}');
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/SECRET|__proto__/);
  });
});
