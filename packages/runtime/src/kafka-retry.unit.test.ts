import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { isRetriableKafkaError, retryKafka } from './kafka-retry';
import { createLogger } from './logger';

/** The error kafkajs builds from a broker's error code (protocol/error.js gives type and retriable). */
function protocolError(type: string, code: number, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable }));
}

const notLeader = protocolError('NOT_LEADER_FOR_PARTITION', 6, true);
const leaderNotAvailable = protocolError('LEADER_NOT_AVAILABLE', 5, true);
const authFailed = protocolError('TOPIC_AUTHORIZATION_FAILED', 29, false);
const policy = { attempts: 4, baseMs: 100, maxMs: 250, random: () => 0 };
const quiet = createLogger({ service: 'producer-test', level: 'silent' });

describe('the retry decision at start', () => {
  it('retries what the broker says may pass: leadership just after creation, lost connections', () => {
    expect(isRetriableKafkaError(notLeader)).toBe(true);
    expect(isRetriableKafkaError(leaderNotAvailable)).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBe(true);
  });

  it('does not retry refusals, misuse, kafkajs giving up, or errors that are not Kafka errors', () => {
    expect(isRetriableKafkaError(authFailed)).toBe(false);
    expect(isRetriableKafkaError(new KafkaJSNonRetriableError('Invalid topic'))).toBe(false);
    expect(
      isRetriableKafkaError(
        new KafkaJSNumberOfRetriesExceeded(notLeader, { retryCount: 8, retryTime: 30_000 }),
      ),
    ).toBe(false);
    expect(isRetriableKafkaError(new TypeError('x is undefined'))).toBe(false);
    expect(isRetriableKafkaError(Object.assign(new Error('look-alike'), { retriable: true }))).toBe(false);
    expect(isRetriableKafkaError('NOT_LEADER_FOR_PARTITION')).toBe(false);
    expect(isRetriableKafkaError(new KafkaJSError('generic', { retriable: false }))).toBe(false);
  });
});

describe('retryKafka', () => {
  it('gets past NOT_LEADER / LEADER_NOT_AVAILABLE answers just after a topic was created', async () => {
    const answers: Array<Error | string> = [notLeader, leaderNotAvailable, 'offsets'];
    const slept: number[] = [];
    const result = await retryKafka(
      'offsets',
      async () => {
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next;
      },
      { logger: quiet, policy, sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe('offsets');
    expect(slept).toEqual([50, 100]);
  });

  it('waits a capped, growing, jittered delay', async () => {
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    const fail = async () => {
      throw notLeader;
    };
    await expect(retryKafka('x', fail, { logger: quiet, policy, sleep })).rejects.toBe(notLeader);
    expect(slept).toEqual([50, 100, 125]);
    slept.length = 0;
    await expect(
      retryKafka('x', fail, { logger: quiet, policy: { ...policy, random: () => 0.999 }, sleep }),
    ).rejects.toBe(notLeader);
    expect(slept[1]).toBe(200);
  });

  it('rethrows a non-retriable error at once, and a retriable one after the last attempt', async () => {
    let calls = 0;
    const failWith = (e: Error) => async () => {
      calls++;
      throw e;
    };
    const sleep = async () => undefined;
    await expect(retryKafka('x', failWith(authFailed), { logger: quiet, policy, sleep })).rejects.toBe(
      authFailed,
    );
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryKafka('x', failWith(notLeader), { logger: quiet, policy, sleep })).rejects.toBe(
      notLeader,
    );
    expect(calls).toBe(4);
  });
});
