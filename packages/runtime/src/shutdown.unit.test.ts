import { EventEmitter } from 'node:events';
import { createLogger } from './logger';
import { onShutdown, type ShutdownTimers } from './shutdown';

function setup(stop: (reason: string) => Promise<void>, timeoutMs = 1000) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service: 'shutdown-test',
    destination: { write: (s: string) => lines.push(JSON.parse(s)) },
  });
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const proc = {
    on: (e: string, l: (arg: unknown) => void) => emitter.on(e, l),
    off: (e: string, l: (arg: unknown) => void) => emitter.off(e, l),
    exit: (code: number) => {
      exits.push(code);
    },
  };
  const pending: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const timers: ShutdownTimers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      pending.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  const stopFn = jest.fn(stop);
  const handle = onShutdown(logger, stopFn, { process: proc, timers, timeoutMs });
  const settle = () => new Promise((r) => setImmediate(r));
  const fireTimeout = () => {
    for (const t of pending) if (!t.cleared) t.fn();
  };
  return { emitter, exits, lines, stopFn, handle, settle, pending, fireTimeout };
}

describe('onShutdown', () => {
  it('runs stop once on SIGTERM and exits 0', async () => {
    const t = setup(async () => {});
    t.emitter.emit('SIGTERM', 'SIGTERM');
    await t.settle();
    expect(t.stopFn).toHaveBeenCalledTimes(1);
    expect(t.stopFn).toHaveBeenCalledWith('SIGTERM');
    expect(t.exits).toEqual([0]);
    expect(t.pending[0]?.cleared).toBe(true);
    expect(t.lines.map((l) => l.msg)).toEqual(['shutting down', 'stopped']);
  });

  it('exits 1 when stop throws', async () => {
    const t = setup(async () => {
      throw new Error('commit failed');
    });
    t.emitter.emit('SIGINT', 'SIGINT');
    await t.settle();
    expect(t.exits).toEqual([1]);
    expect(t.lines.find((l) => l.msg === 'stop failed')).toMatchObject({
      level: 'error',
      err: { message: 'commit failed' },
    });
  });

  it('exits 1 when stop outlasts the timeout', async () => {
    const t = setup(() => new Promise<void>(() => {}), 5000);
    t.emitter.emit('SIGTERM', 'SIGTERM');
    await t.settle();
    expect(t.exits).toEqual([]);
    expect(t.pending[0]?.ms).toBe(5000);
    t.fireTimeout();
    expect(t.exits).toEqual([1]);
  });

  it('forces exit on a second signal', async () => {
    const t = setup(() => new Promise<void>(() => {}));
    t.emitter.emit('SIGTERM', 'SIGTERM');
    t.emitter.emit('SIGINT', 'SIGINT');
    await t.settle();
    expect(t.stopFn).toHaveBeenCalledTimes(1);
    expect(t.exits).toEqual([1]);
  });

  it('logs an uncaught exception as fatal, runs stop and exits with the crash code', async () => {
    const t = setup(async () => {});
    t.emitter.emit('uncaughtException', new Error('bug'));
    await t.settle();
    expect(t.lines[0]).toMatchObject({ level: 'fatal', msg: 'uncaughtException', err: { message: 'bug' } });
    expect(t.stopFn).toHaveBeenCalledWith('uncaughtException');
    expect(t.exits).toEqual([70]);
  });

  it('turns a clean shutdown into the crash code when a rejection goes unhandled meanwhile', async () => {
    let release = () => {};
    const t = setup(() => new Promise<void>((r) => (release = r)));
    t.emitter.emit('SIGTERM', 'SIGTERM');
    t.emitter.emit('unhandledRejection', new Error('late'));
    await t.settle();
    expect(t.exits).toEqual([]);
    release();
    await t.settle();
    expect(t.stopFn).toHaveBeenCalledTimes(1);
    expect(t.exits).toEqual([70]);
  });

  it('lets main shut down itself after a failed start', async () => {
    const t = setup(async () => {});
    await t.handle.shutdown('start failed', 1);
    expect(t.exits).toEqual([1]);
  });

  it('removes its listeners on dispose', () => {
    const t = setup(async () => {});
    t.handle.dispose();
    for (const e of ['SIGTERM', 'SIGINT', 'uncaughtException', 'unhandledRejection']) {
      expect(t.emitter.listenerCount(e)).toBe(0);
    }
  });
});
