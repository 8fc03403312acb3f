import { ApiError } from '../http/api-error';
import { parseStreamRequest, streamRequestFromQuery } from './request';

const fails = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a refusal');
};

describe('stream requests', () => {
  it('reads the SSE query; Last-Event-ID wins over from and fromTs', () => {
    expect(
      streamRequestFromQuery(new URLSearchParams('topic=t&from=1.2&policy=disconnect'), undefined),
    ).toEqual({
      topic: 't',
      from: '1.2',
      policy: 'disconnect',
    });
    expect(streamRequestFromQuery(new URLSearchParams('topic=t&fromTs=5'), '7.7')).toEqual({
      topic: 't',
      from: '7.7',
    });
    expect(
      streamRequestFromQuery(new URLSearchParams('spec=%7B%22kind%22%3A%22ticks%22%7D'), undefined),
    ).toEqual({ spec: { kind: 'ticks' } });
  });

  it('refuses with field errors', () => {
    expect(fails(() => parseStreamRequest({}))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(fails(() => parseStreamRequest({ topic: 't', spec: {} })).issues[0]?.path).toBe('topic');
    expect(fails(() => parseStreamRequest({ topic: 't', from: '1', fromTs: 2 })).issues[0]?.path).toBe(
      'from',
    );
    expect(fails(() => parseStreamRequest({ topic: 't', policy: 'x' })).issues[0]?.path).toBe('policy');
    expect(fails(() => parseStreamRequest({ topic: 't', extra: 1 })).code).toBe('invalid_request');
    expect(fails(() => streamRequestFromQuery(new URLSearchParams('spec={'), undefined)).code).toBe(
      'invalid_spec',
    );
    expect(
      fails(() => streamRequestFromQuery(new URLSearchParams('topic=t&fromTs=yesterday'), undefined)).code,
    ).toBe('invalid_request');
    expect(fails(() => streamRequestFromQuery(new URLSearchParams('topic=t&x=1'), undefined))).toBeInstanceOf(
      ApiError,
    );
  });
});
