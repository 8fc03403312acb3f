import { type SseEvent, SseParser } from './sse-parser.js';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  for (const chunk of chunks) parser.feed(chunk);
  return events;
}

describe('SseParser', () => {
  it('reads named events, ids, multi-line data and skips comments', () => {
    expect(
      parse([
        'retry: 1000\nid: 1.0\nevent: ready\ndata: {"a":1}\n\n: keep-alive\n\n',
        'data: x\ndata: y\n\n',
      ]),
    ).toEqual([
      { event: 'ready', data: '{"a":1}', id: '1.0' },
      { event: 'message', data: 'x\ny', id: undefined },
    ]);
  });

  it('joins events split anywhere, with any line ending (a \\r\\n split between chunks too)', () => {
    const text = 'id: 7.2\r\ndata: {"p":1}\r\n\r\nevent: gap\rdata: {"dropped":3}\r\r';
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual([
        { event: 'message', data: '{"p":1}', id: '7.2' },
        { event: 'gap', data: '{"dropped":3}', id: undefined },
      ]);
    }
  });
});
