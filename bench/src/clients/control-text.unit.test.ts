import { controlOf, hasTick } from './control-text';

describe('controlOf', () => {
  it('recognises the SSE ready event and the WebSocket subscribed frame', () => {
    expect(controlOf('retry: 1000\nevent: ready\ndata: {"topic":"t"}\n\n').ready).toBe(true);
    expect(controlOf('{"type":"subscribed","id":"s1","topic":"t"}').ready).toBe(true);
    expect(controlOf('id: 1\ndata: {}\n\n')).toEqual({ ready: false, error: null });
  });

  it('extracts errors of both transports', () => {
    expect(controlOf('event: error\ndata: {"code":"slow_client"}\n\n').error).toBe('{"code":"slow_client"}');
    expect(controlOf('{"type":"error","status":429}').error).toBe('{"type":"error","status":429}');
  });
});

describe('hasTick', () => {
  it('is true for texts carrying a PriceTick', () => {
    expect(hasTick('data: {"data":{"ts":1}}\n\n')).toBe(true);
    expect(hasTick(': keep-alive\n\n')).toBe(false);
  });
});
