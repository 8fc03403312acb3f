import { answerTask, createTask, machineHarness, retireTask } from './testing/machine-harness';

const created = { topic: createTask().topic, partitions: 3, created: true };

describe('coordinator machine: the seed transitions', () => {
  it('starts in standby and becomes active after reconciling when it gets the partition', async () => {
    const h = machineHarness();
    expect(h.state()).toBe('standby');
    h.actor.send({ type: 'PARTITION_ASSIGNED' });
    expect(h.state()).toBe('reconciling');
    await h.resolve('reconcile', {});
    expect(h.state()).toBe('active');
  });

  it('active -REQUEST_CREATE_TOPIC-> processingCreateTopic -CREATE_TOPIC_SUCCESS-> notifyingActors -NOTIFY_SUCCESS-> active', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    expect(h.state()).toBe('processingCreateTopic');
    expect(h.actor.getSnapshot().context.task).toEqual(createTask());
    expect(h.last('createTopic').input).toEqual(createTask());

    await h.resolve('createTopic', created);
    expect(h.state()).toEqual({ notifyingActors: 'notifyingProducer' });
    expect(h.actor.getSnapshot().context.created).toEqual(created);
    expect(h.last('notifyProducer').input).toEqual({ task: createTask(), created });

    await h.resolve('notifyProducer');
    expect(h.state()).toEqual({ notifyingActors: 'notifyingConsumer' });
    await h.resolve('notifyConsumer');
    expect(h.state()).toBe('active');
    expect(h.emitted).toEqual([
      { type: 'NOTIFY_PRODUCER', topic: created.topic },
      { type: 'NOTIFY_CONSUMER', topic: created.topic },
      { type: 'TASK_SETTLED', taskId: 't1', outcome: 'done' },
    ]);
    expect(h.actor.getSnapshot().context.task).toBeNull();
  });

  it('processingCreateTopic -CREATE_TOPIC_FAILURE-> error, with the reason in context', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    await h.reject('createTopic', 'broker down');
    expect(h.actor.getSnapshot().matches('error')).toBe(true);
    expect(h.actor.getSnapshot().context.failure).toEqual({
      step: 'create',
      message: 'broker down',
      attempt: 1,
    });
    expect(h.emitted).toContainEqual({
      type: 'STEP_FAILED',
      step: 'create',
      message: 'broker down',
      attempt: 1,
    });
  });

  it('notifyingActors -NOTIFY_FAILURE-> error, from either notification', async () => {
    for (const which of ['notifyProducer', 'notifyConsumer'] as const) {
      const h = machineHarness();
      await h.toActive();
      h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
      await h.resolve('createTopic', created);
      if (which === 'notifyConsumer') await h.resolve('notifyProducer');
      await h.reject(which, 'produce failed');
      expect(h.actor.getSnapshot().matches('error')).toBe(true);
      expect(h.actor.getSnapshot().context.failure?.step).toBe('notify');
    }
  });

  it('error -RESET-> active, abandoning the task', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    await h.reject('createTopic');
    h.actor.send({ type: 'RESET' });
    expect(h.state()).toBe('active');
    expect(h.emitted.at(-1)).toEqual({ type: 'TASK_SETTLED', taskId: 't1', outcome: 'abandoned' });
    expect(h.actor.getSnapshot().context).toMatchObject({ task: null, failure: null, attempt: 0 });
  });

  it('ignores events that make no sense in a state (no crash, no move)', async () => {
    const h = machineHarness();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    h.actor.send({ type: 'RESET' });
    h.actor.send({ type: 'NOTIFY_SUCCESS' });
    expect(h.state()).toBe('standby');
    await h.toActive();
    h.actor.send({ type: 'CREATE_TOPIC_SUCCESS', created });
    expect(h.state()).toBe('active');
    expect(h.errors).toEqual([]);
  });
});

describe('coordinator machine: retries with backoff', () => {
  it('backs off (exponential, capped) and retries the failed step until it succeeds', async () => {
    const h = machineHarness({ baseMs: 100, maxMs: 300 });
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    // random() = 0 gives half the ceiling: 50, 100, 150 (capped at 300 / 2), 150
    for (const [attempt, delay] of [
      [1, 50],
      [2, 100],
      [3, 150],
      [4, 150],
    ] as const) {
      await h.reject('createTopic');
      expect(h.state()).toEqual({ error: 'backingOff' });
      expect(h.actor.getSnapshot().context.attempt).toBe(attempt);
      h.clock.increment(delay - 1);
      expect(h.state()).toEqual({ error: 'backingOff' });
      h.clock.increment(1);
      expect(h.state()).toBe('processingCreateTopic');
      expect(h.calls('createTopic')).toBe(attempt + 1);
    }
    await h.resolve('createTopic', created);
    expect(h.actor.getSnapshot().context.attempt).toBe(4);
    await h.resolve('notifyProducer');
    await h.resolve('notifyConsumer');
    expect(h.state()).toBe('active');
    expect(h.actor.getSnapshot().context.attempt).toBe(0);
  });

  it('retries a failed notification from the notifying step, keeping the created topic', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    await h.resolve('createTopic', created);
    await h.reject('notifyProducer');
    h.clock.increment(50);
    expect(h.state()).toEqual({ notifyingActors: 'notifyingProducer' });
    expect(h.calls('createTopic')).toBe(1);
    expect(h.last('notifyProducer').input).toEqual({ task: createTask(), created });
  });

  it.each([
    ['reconcile', 'reconciling'],
    ['answerRequests', 'answeringRequests'],
    ['retireTopic', 'retiringTopic'],
    ['maintain', 'maintaining'],
  ] as const)('retries %s after a failure', async (actorName, stateName) => {
    const h = machineHarness();
    h.actor.send({ type: 'PARTITION_ASSIGNED' });
    if (actorName !== 'reconcile') {
      await h.resolve('reconcile', {});
      if (actorName === 'answerRequests') h.actor.send({ type: 'ANSWER_REQUESTS', task: answerTask() });
      if (actorName === 'retireTopic') h.actor.send({ type: 'RETIRE_TOPIC', task: retireTask() });
      if (actorName === 'maintain') h.actor.send({ type: 'MAINTAIN' });
    }
    expect(h.state()).toBe(stateName);
    await h.reject(actorName);
    expect(h.state()).toEqual({ error: 'backingOff' });
    h.clock.increment(50);
    expect(h.state()).toBe(stateName);
    expect(h.calls(actorName)).toBe(2);
    await h.resolve(actorName, {});
    expect(h.state()).toBe('active');
  });

  it('accepts RESET while backing off', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'ANSWER_REQUESTS', task: answerTask() });
    await h.reject('answerRequests');
    h.actor.send({ type: 'RESET' });
    expect(h.state()).toBe('active');
    h.clock.increment(10_000);
    expect(h.calls('answerRequests')).toBe(1);
  });

  it('halts after RETRY_MAX_ATTEMPTS and waits for RESET', async () => {
    const h = machineHarness({ maxAttempts: 2 });
    await h.toActive();
    h.actor.send({ type: 'RETIRE_TOPIC', task: retireTask() });
    await h.reject('retireTopic');
    h.clock.increment(50);
    await h.reject('retireTopic');
    expect(h.state()).toEqual({ error: 'halted' });
    h.clock.increment(60_000);
    expect(h.calls('retireTopic')).toBe(2);
    h.actor.send({ type: 'RESET' });
    expect(h.state()).toBe('active');
    expect(h.emitted.at(-1)).toEqual({ type: 'TASK_SETTLED', taskId: 'x1', outcome: 'abandoned' });
  });
});

describe('coordinator machine: standby and stop', () => {
  it('goes to standby when the partition is revoked, after finishing the running step', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    h.actor.send({ type: 'PARTITION_REVOKED' });
    expect(h.state()).toBe('processingCreateTopic');
    await h.resolve('createTopic', created);
    await h.resolve('notifyProducer');
    await h.resolve('notifyConsumer');
    expect(h.state()).toBe('standby');
    expect(h.emitted).toContainEqual({ type: 'TASK_SETTLED', taskId: 't1', outcome: 'done' });
  });

  it('stays active when the partition comes back before the step ends', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'MAINTAIN' });
    h.actor.send({ type: 'PARTITION_REVOKED' });
    h.actor.send({ type: 'PARTITION_ASSIGNED' });
    await h.resolve('maintain', {});
    expect(h.state()).toBe('active');
  });

  it('interrupts a failing task when the partition is revoked (the next owner replays it)', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    await h.reject('createTopic');
    h.actor.send({ type: 'PARTITION_REVOKED' });
    expect(h.state()).toBe('standby');
    expect(h.emitted.at(-1)).toEqual({ type: 'TASK_SETTLED', taskId: 't1', outcome: 'interrupted' });
  });

  it('a step that fails after STOP was asked for ends the machine instead of retrying', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'REQUEST_CREATE_TOPIC', task: createTask() });
    h.actor.send({ type: 'STOP' });
    await h.reject('createTopic');
    expect(h.state()).toBe('stopped');
    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.emitted.at(-1)).toEqual({ type: 'TASK_SETTLED', taskId: 't1', outcome: 'interrupted' });
  });

  it.each(['standby', 'active', 'error'])('stops at once from %s', async (from) => {
    const h = machineHarness();
    if (from !== 'standby') await h.toActive();
    if (from === 'error') {
      h.actor.send({ type: 'MAINTAIN' });
      await h.reject('maintain');
    }
    h.actor.send({ type: 'STOP' });
    expect(h.actor.getSnapshot().status).toBe('done');
  });

  it('drains the running step on STOP, then stops', async () => {
    const h = machineHarness();
    await h.toActive();
    h.actor.send({ type: 'ANSWER_REQUESTS', task: answerTask() });
    h.actor.send({ type: 'STOP' });
    expect(h.state()).toBe('answeringRequests');
    await h.resolve('answerRequests');
    expect(h.state()).toBe('stopped');
    expect(h.emitted.at(-1)).toEqual({ type: 'TASK_SETTLED', taskId: 'a1', outcome: 'done' });
  });
});
