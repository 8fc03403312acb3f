import { source } from '../testing/fixtures';
import type { SourceMessage } from './batch';
import { BatchBuffer, rangesOf } from './buffer';

const msg = (topic: string, partition: number, offset: number): SourceMessage =>
  source(topic, offset, `${topic}/${partition}/${offset}`, partition);
const run = (topic: string, partition: number, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => msg(topic, partition, from + i));
const ids = (messages: readonly SourceMessage[]) =>
  messages.map((m) => `${m.topic}/${m.partition}/${m.message.offset}`);

describe('BatchBuffer', () => {
  it('cuts batches of at most the batch size, oldest first, keeping partition order', () => {
    const buffer = new BatchBuffer();
    buffer.add(run('t', 0, 0, 3), 1);
    buffer.add(run('t', 1, 10, 2), 2);
    buffer.add(run('t', 0, 3, 2), 3);
    expect(buffer.size).toBe(7);

    const first = buffer.take(4);
    expect(ids(first?.messages ?? [])).toEqual(['t/0/0', 't/0/1', 't/0/2', 't/1/10']);
    expect(first?.ranges).toEqual([
      { topic: 't', partition: 0, firstOffset: '0', lastOffset: '2' },
      { topic: 't', partition: 1, firstOffset: '10', lastOffset: '10' },
    ]);
    expect(first?.bufferedAt).toBe(1);
    expect(buffer.oldestBufferedAt()).toBe(2);

    const second = buffer.take(4);
    expect(ids(second?.messages ?? [])).toEqual(['t/1/11', 't/0/3', 't/0/4']);
    expect(second?.id).toBe((first?.id ?? 0) + 1);
    expect(buffer.size).toBe(0);
    expect(buffer.take(4)).toBeUndefined();
  });

  it('is ready when full or when the oldest message waited the flush interval', () => {
    const buffer = new BatchBuffer();
    expect(buffer.isReady(1000, 10, 100)).toBe(false);
    buffer.add(run('t', 0, 0, 3), 1000);
    expect(buffer.isReady(1050, 10, 100)).toBe(false);
    expect(buffer.isReady(1100, 10, 100)).toBe(true);
    expect(buffer.isReady(1000, 3, 100)).toBe(true);
  });

  it('drops redelivered messages it already holds or has handed out', () => {
    const buffer = new BatchBuffer();
    expect(buffer.add(run('t', 0, 0, 5), 1)).toBe(5);
    buffer.take(5);
    expect(buffer.add(run('t', 0, 3, 4), 2)).toBe(2);
    expect(ids(buffer.take(10)?.messages ?? [])).toEqual(['t/0/5', 't/0/6']);
    expect(buffer.add(run('t', 0, 0, 7), 3)).toBe(0);
  });

  it('forgets dropped partitions so that their refetch is accepted', () => {
    const buffer = new BatchBuffer();
    buffer.add(run('t', 0, 0, 3), 1);
    buffer.add(run('t', 1, 0, 3), 1);
    expect(buffer.drop((_topic, partition) => partition === 0)).toBe(3);
    expect(buffer.size).toBe(3);
    expect(buffer.add(run('t', 0, 0, 3), 2)).toBe(3);
    expect(buffer.add(run('t', 1, 0, 3), 2)).toBe(0);
    expect(buffer.clear()).toBe(6);
    expect(buffer.size).toBe(0);
    expect(buffer.oldestBufferedAt()).toBeUndefined();
  });

  it('counts only the untaken part of a partly taken chunk when dropping', () => {
    const buffer = new BatchBuffer();
    buffer.add(run('t', 0, 0, 10), 1);
    buffer.take(4);
    expect(buffer.drop(() => true)).toBe(6);
    expect(buffer.size).toBe(0);
  });
});

describe('rangesOf', () => {
  it('gives the first and last offset per partition', () => {
    expect(rangesOf([msg('a', 0, 5), msg('b', 0, 1), msg('a', 0, 9)])).toEqual([
      { topic: 'a', partition: 0, firstOffset: '5', lastOffset: '9' },
      { topic: 'b', partition: 0, firstOffset: '1', lastOffset: '1' },
    ]);
  });
});
