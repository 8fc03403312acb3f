import { heartbeatTopics, ZERO_BEATS } from './heartbeat';

describe('heartbeatTopics', () => {
  it('reports every topic with subscribers', () => {
    const memory = new Map<string, number>();
    expect(
      heartbeatTopics(
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
        memory,
      ),
    ).toEqual([
      { topic: 'a', subscribers: 1 },
      { topic: 'b', subscribers: 2 },
    ]);
  });

  it('keeps reporting a topic at 0 for a few beats after its last subscriber left, then forgets it', () => {
    const memory = new Map<string, number>();
    heartbeatTopics(new Map([['a', 1]]), memory);
    const beats = Array.from({ length: ZERO_BEATS + 1 }, () => heartbeatTopics(new Map(), memory));
    for (const beat of beats.slice(0, ZERO_BEATS)) expect(beat).toEqual([{ topic: 'a', subscribers: 0 }]);
    expect(beats[ZERO_BEATS]).toEqual([]);
  });

  it('a topic that regains subscribers is reported with its count again', () => {
    const memory = new Map<string, number>();
    heartbeatTopics(new Map([['a', 1]]), memory);
    heartbeatTopics(new Map(), memory);
    expect(heartbeatTopics(new Map([['a', 3]]), memory)).toEqual([{ topic: 'a', subscribers: 3 }]);
  });
});
