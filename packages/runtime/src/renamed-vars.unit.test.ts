import { ConfigError, describeConfig, loadConfig } from './config';
import { durationVar, intVar, kafkaBrokersVar } from './config-vars';
import { RENAMED_VARIABLES, renamedVariableProblems } from './renamed-vars';

const shape = {
  brokers: kafkaBrokersVar(),
  sessionTimeoutMs: durationVar('KAFKA_SESSION_TIMEOUT_MS', { default: 6000 }),
  fetchMaxBytes: intVar('SINK_FETCH_MAX_BYTES_PER_PARTITION', { default: 1024 }),
};

function problemsOf(run: () => unknown): { variable: string; reason: string }[] {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('renamed variables', () => {
  it('refuses an old name that is still set, naming its replacement and its unit', () => {
    const problems = problemsOf(() =>
      loadConfig(shape, { KAFKA_BROKERS: 'a:9092', KAFKA_SESSION_TIMEOUT: '10s' }),
    );
    expect(problems).toEqual([
      {
        variable: 'KAFKA_SESSION_TIMEOUT',
        reason: 'was renamed: set KAFKA_SESSION_TIMEOUT_MS (integer milliseconds, e.g. 5000 for 5s) instead',
      },
    ]);
  });

  it('names a replacement that is not a duration without a unit', () => {
    const problems = problemsOf(() =>
      loadConfig(shape, { KAFKA_BROKERS: 'a:9092', KAFKA_MAX_BYTES_PER_PARTITION: '2048' }),
    );
    expect(problems).toEqual([
      {
        variable: 'KAFKA_MAX_BYTES_PER_PARTITION',
        reason: 'was renamed: set SINK_FETCH_MAX_BYTES_PER_PARTITION instead',
      },
    ]);
  });

  it('refuses the old name even when the new one is set too, among the other problems', () => {
    const error = problemsOf(() =>
      loadConfig(shape, { KAFKA_SESSION_TIMEOUT: '10000', KAFKA_SESSION_TIMEOUT_MS: '10000' }),
    );
    expect(error.map((p) => p.variable)).toEqual(['KAFKA_BROKERS', 'KAFKA_SESSION_TIMEOUT']);
  });

  it('ignores old names of variables the service does not read, and blank ones', () => {
    expect(
      loadConfig(shape, {
        KAFKA_BROKERS: 'a:9092',
        PRODUCER_POLL_INTERVAL: '2s',
        KAFKA_SESSION_TIMEOUT: ' ',
      }),
    ).toEqual({ brokers: ['a:9092'], sessionTimeoutMs: 6000, fetchMaxBytes: 1024 });
  });

  it('maps every old name to a different new one, each old name never reused as a new one', () => {
    const oldNames = Object.keys(RENAMED_VARIABLES);
    const newNames = Object.values(RENAMED_VARIABLES);
    expect(new Set(newNames).size).toBe(newNames.length);
    for (const oldName of oldNames) {
      expect(newNames).not.toContain(oldName);
      expect(RENAMED_VARIABLES[oldName]).not.toBe(oldName);
    }
  });

  it('checks any table against the variables given', () => {
    const variables = new Set(describeConfig(shape).map((d) => d.variable));
    expect(renamedVariableProblems(variables, { OLD: '1' }, { OLD: 'KAFKA_SESSION_TIMEOUT_MS' })).toEqual([
      {
        variable: 'OLD',
        reason: 'was renamed: set KAFKA_SESSION_TIMEOUT_MS (integer milliseconds, e.g. 5000 for 5s) instead',
      },
    ]);
    expect(renamedVariableProblems(variables, { OLD: '1' }, { OLD: 'NOT_READ_HERE' })).toEqual([]);
  });
});
