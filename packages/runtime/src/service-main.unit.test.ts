import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const SUPPORT = join(__dirname, '..', 'test', 'support');

type Run = { code: number | null; lines: Array<Record<string, unknown>> };

/** Runs the fake service; `SIGTERM` is sent once it has started when `signal` is set. */
function run(env: Record<string, string>, signal?: NodeJS.Signals): Promise<Run> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', join(SUPPORT, 'ts-require.js'), join(SUPPORT, 'fake-service.ts')],
    { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let signalled = false;
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (signal && !signalled && out.includes('STARTED\n')) {
      signalled = true;
      child.kill(signal);
    }
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, lines });
    });
  });
}

const messages = (r: Run) => r.lines.map((l) => `${String(l.level)}: ${String(l.msg)}`);

describe('runService', () => {
  jest.setTimeout(20_000);

  it('exits 0 after draining on SIGTERM', async () => {
    const r = await run({}, 'SIGTERM');
    expect(r.code).toBe(0);
    expect(r.lines).toContainEqual(expect.objectContaining({ msg: 'drained', reason: 'SIGTERM' }));
  });

  it('exits 2 on an invalid configuration, with every problem in one fatal line and nothing started', async () => {
    const r = await run({ FAKE_MODE: 'dance', LOG_LEVEL: 'loud' });
    expect(r.code).toBe(2);
    const fatal = r.lines.find((l) => l.level === 'fatal');
    expect(fatal).toMatchObject({ msg: 'invalid configuration', service: 'fake-service' });
    const problems = (fatal?.problems ?? []) as Array<{ variable: string }>;
    expect(problems.map((p) => p.variable).sort()).toEqual(['FAKE_MODE', 'LOG_LEVEL']);
    expect(messages(r)).not.toContain('info: started');
  });

  it('exits 1 on a failed start, after stopping what started', async () => {
    const r = await run({ FAKE_MODE: 'fail-start' });
    expect(r.code).toBe(1);
    expect(messages(r)).toEqual(
      expect.arrayContaining(['fatal: fake-service failed to start', 'info: drained']),
    );
  });

  it('exits 70 when the app reports a crashed root machine, after draining', async () => {
    const r = await run({ FAKE_MODE: 'crash' });
    expect(r.code).toBe(70);
    expect(r.lines).toContainEqual(
      expect.objectContaining({ level: 'fatal', reason: 'root machine failed', err: expect.anything() }),
    );
    expect(messages(r)).toContain('info: drained');
  });

  it('exits 70 on an uncaught exception or an unhandled rejection', async () => {
    const thrown = await run({ FAKE_MODE: 'throw' });
    expect(thrown.code).toBe(70);
    expect(messages(thrown)).toContain('fatal: uncaughtException');
    const rejected = await run({ FAKE_MODE: 'reject' });
    expect(rejected.code).toBe(70);
    expect(messages(rejected)).toContain('fatal: unhandledRejection');
  });

  it('exits 1 when stop outlasts its timeout', async () => {
    const r = await run({ FAKE_MODE: 'slow-stop' }, 'SIGTERM');
    expect(r.code).toBe(1);
    expect(messages(r)).toContain('error: shutdown timed out; exiting');
  });
});
