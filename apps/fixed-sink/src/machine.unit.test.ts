import { batchOf, COMMITTED, MAPPED, settle, startSink, WRITTEN } from './testing/machine-harness';

/** Runs one batch from idle up to (not including) the commit. */
async function toCommitting(sink: ReturnType<typeof startSink>, id = 1) {
  sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(id) });
  sink.process.last().resolve(MAPPED);
  await settle();
  sink.write.last().resolve(WRITTEN);
  await settle();
}

describe('sink machine', () => {
  it('processes, writes and commits a batch, then waits for the next', async () => {
    const sink = startSink();
    expect(sink.actor.getSnapshot().value).toBe('idle');
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    expect(sink.actor.getSnapshot().value).toBe('processingMessage');
    expect(sink.process.last().input).toEqual({ batch: batchOf(1) });

    sink.process.last().resolve(MAPPED);
    await settle();
    expect(sink.actor.getSnapshot().value).toEqual({ writingToDB: 'inserting' });
    expect(sink.write.last().input).toEqual({ batch: batchOf(1), mapped: MAPPED });

    sink.write.last().resolve(WRITTEN);
    await settle();
    expect(sink.actor.getSnapshot().value).toEqual({ writingToDB: 'committing' });
    expect(sink.commit.last().input).toEqual({ batch: batchOf(1), mapped: MAPPED, written: WRITTEN });

    sink.commit.last().resolve(COMMITTED);
    await settle();
    expect(sink.actor.getSnapshot().value).toBe('idle');
    expect(sink.actor.getSnapshot().context.batch).toBeNull();
    expect(sink.emitted).toContainEqual({
      type: 'BATCH_COMMITTED',
      batch: batchOf(1),
      mapped: MAPPED,
      written: WRITTEN,
      commit: COMMITTED,
    });
    expect(sink.errors).toEqual([]);
  });

  it('ignores a batch offered while another is in hand', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(2) });
    expect(sink.actor.getSnapshot().context.batch?.id).toBe(1);
    expect(sink.process.calls).toHaveLength(1);
  });

  it('pauses consumption while the database fails, retrying the same batch with growing delays', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.process.last().resolve(MAPPED);
    await settle();
    sink.write.last().reject(new Error('ECONNREFUSED'));
    await settle();
    expect(sink.actor.getSnapshot().value).toEqual({ error: 'paused' });
    expect(sink.types()).toEqual(['STAGE_FAILED', 'CONSUMPTION_PAUSED']);
    expect(sink.emitted[0]).toEqual({
      type: 'STAGE_FAILED',
      failure: { stage: 'write', message: 'ECONNREFUSED', attempt: 1 },
    });

    sink.clock.increment(74);
    expect(sink.actor.getSnapshot().value).toEqual({ error: 'paused' });
    sink.clock.increment(1);
    expect(sink.actor.getSnapshot().value).toEqual({ writingToDB: 'inserting' });
    expect(sink.write.calls).toHaveLength(2);
    expect(sink.write.last().input).toEqual({ batch: batchOf(1), mapped: MAPPED });

    sink.write.last().reject(new Error('ECONNREFUSED'));
    await settle();
    sink.clock.increment(149);
    expect(sink.actor.getSnapshot().value).toEqual({ error: 'paused' });
    sink.clock.increment(1);
    sink.write.last().resolve(WRITTEN);
    await settle();
    expect(sink.actor.getSnapshot().value).toEqual({ writingToDB: 'committing' });
    expect(sink.actor.getSnapshot().context.attempt).toBe(0);
    expect(sink.types()).toContain('CONSUMPTION_RESUMED');
    expect(sink.process.calls).toHaveLength(1);
  });

  it('caps the retry delay', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.process.last().resolve(MAPPED);
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      sink.write.last().reject(new Error('down'));
      await settle();
      let waited = 0;
      while (sink.actor.getSnapshot().matches({ error: 'paused' })) {
        sink.clock.increment(5);
        waited += 5;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([75, 150, 300, 600, 750, 750, 750, 750]);
    expect(sink.actor.getSnapshot().context.attempt).toBe(8);
  });

  it('backs off and reprocesses when processing (the DLQ) fails, without pausing', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.process.last().reject(new Error('dlq unavailable'));
    await settle();
    expect(sink.actor.getSnapshot().value).toEqual({ error: 'backingOff' });
    expect(sink.types()).not.toContain('CONSUMPTION_PAUSED');
    sink.clock.increment(75);
    expect(sink.actor.getSnapshot().value).toBe('processingMessage');
    expect(sink.process.calls).toHaveLength(2);
  });

  it('retries a failed commit without writing again', async () => {
    const sink = startSink();
    await toCommitting(sink);
    sink.commit.last().reject(new Error('coordinator not available'));
    await settle();
    expect(sink.actor.getSnapshot().value).toEqual({ error: 'backingOff' });
    sink.clock.increment(75);
    expect(sink.actor.getSnapshot().value).toEqual({ writingToDB: 'committing' });
    sink.commit.last().resolve(COMMITTED);
    await settle();
    expect(sink.actor.getSnapshot().value).toBe('idle');
    expect(sink.write.calls).toHaveLength(1);
    expect(sink.commit.calls).toHaveLength(2);
  });

  it('gives the batch up on RESET and resumes consumption', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.process.last().resolve(MAPPED);
    await settle();
    sink.write.last().reject(new Error('down'));
    await settle();
    sink.actor.send({ type: 'RESET' });
    expect(sink.actor.getSnapshot().value).toBe('idle');
    expect(sink.emitted).toContainEqual({ type: 'BATCH_ABANDONED', batch: batchOf(1), reason: 'RESET' });
    expect(sink.types().at(-1)).toBe('CONSUMPTION_RESUMED');
    sink.clock.increment(10_000);
    expect(sink.write.calls).toHaveLength(1);
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(2) });
    expect(sink.actor.getSnapshot().context.batch?.id).toBe(2);
  });

  it('drains at once when idle', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'DRAIN' });
    expect(sink.actor.getSnapshot().value).toBe('draining');
    sink.drain.last().resolve();
    await settle();
    expect(sink.actor.getSnapshot().status).toBe('done');
  });

  it('finishes and commits the batch in hand before draining', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.actor.send({ type: 'DRAIN' });
    expect(sink.actor.getSnapshot().value).toBe('processingMessage');
    sink.process.last().resolve(MAPPED);
    await settle();
    sink.write.last().resolve(WRITTEN);
    await settle();
    sink.commit.last().resolve(COMMITTED);
    await settle();
    expect(sink.types()).toContain('BATCH_COMMITTED');
    expect(sink.actor.getSnapshot().value).toBe('draining');
    sink.drain.last().reject(new Error('disconnect failed'));
    await settle();
    expect(sink.actor.getSnapshot().value).toBe('stopped');
  });

  it('gives up a failing batch and stops when draining, instead of retrying', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.process.last().resolve(MAPPED);
    await settle();
    sink.actor.send({ type: 'DRAIN' });
    sink.write.last().reject(new Error('down'));
    await settle();
    expect(sink.actor.getSnapshot().value).toBe('draining');
    expect(sink.types()).toContain('BATCH_ABANDONED');
    expect(sink.types()).not.toContain('CONSUMPTION_PAUSED');
  });

  it('drains from a paused state, giving the batch up (its offsets stay uncommitted)', async () => {
    const sink = startSink();
    sink.actor.send({ type: 'MESSAGE_RECEIVED', batch: batchOf(1) });
    sink.process.last().resolve(MAPPED);
    await settle();
    sink.write.last().reject(new Error('down'));
    await settle();
    sink.actor.send({ type: 'DRAIN' });
    expect(sink.actor.getSnapshot().value).toBe('draining');
    expect(sink.emitted).toContainEqual({ type: 'BATCH_ABANDONED', batch: batchOf(1), reason: 'DRAIN' });
    expect(sink.commit.calls).toHaveLength(0);
  });
});
