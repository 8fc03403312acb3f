import { childTraceparent, newTraceparent, parseTraceparent } from './trace';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('generates valid, distinct W3C headers', () => {
    const a = newTraceparent();
    const b = newTraceparent();
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(a)).toBeDefined();
    expect(a).not.toBe(b);
  });

  it('parses a valid header', () => {
    expect(parseTraceparent(VALID)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(parseTraceparent(Buffer.from(VALID))).toBeDefined();
  });

  it('rejects invalid headers', () => {
    for (const bad of [
      '',
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      `${VALID}-extra`,
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
    ]) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
    expect(parseTraceparent(undefined)).toBeUndefined();
    expect(parseTraceparent(null)).toBeUndefined();
  });

  it('keeps the trace id and flags in a child, with a new span id', () => {
    const child = childTraceparent(VALID);
    const ctx = parseTraceparent(child);
    expect(ctx?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ctx?.flags).toBe('01');
    expect(ctx?.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('starts a new trace when the parent is invalid', () => {
    expect(parseTraceparent(childTraceparent('nope'))).toBeDefined();
    expect(parseTraceparent(childTraceparent(undefined))).toBeDefined();
  });
});
