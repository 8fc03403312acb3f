import { logLevel } from 'kafkajs';
import { createLogger, kafkaLogCreator, kafkaLogLevel } from './logger';

function capture(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'svc-test',
    level,
    destination: { write: (s: string) => lines.push(s) },
  });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('createLogger', () => {
  it('writes one JSON object a line with service, ISO time and textual level', () => {
    const { logger, lines, parsed } = capture();
    logger.info({ batch: 3 }, 'flushed');
    logger.debug('hidden at info');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(lines[0]?.trim()).not.toContain('\n');
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'info', service: 'svc-test', batch: 3, msg: 'flushed' });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('keeps the service on child loggers', () => {
    const { logger, parsed } = capture();
    logger.child({ component: 'consumer' }).warn('x');
    expect(parsed()[0]).toMatchObject({ service: 'svc-test', component: 'consumer', level: 'warn' });
  });

  it('redacts secrets at the top level, one level down, and in headers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        apiKey: 'k-top',
        token: 't-top',
        source: { apiKey: 'k-nested', token: 't-nested', authorization: 'Bearer a-nested' },
        headers: { authorization: 'Bearer h-top', 'x-api-key': 'x-top', accept: 'json' },
        req: { headers: { authorization: 'Bearer h-nested', cookie: 'c-nested' } },
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of [
      'k-top',
      't-top',
      'k-nested',
      't-nested',
      'a-nested',
      'h-top',
      'x-top',
      'h-nested',
      'c-nested',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('"accept":"json"');
  });

  it('redacts credential query parameters of a logged url', () => {
    const { logger, lines, parsed } = capture();
    logger.error({ url: '/v1/topics?api_key=key-a-0123456789abcdef&topic=t' }, 'http handler failed');
    expect(lines.join('')).not.toContain('key-a-0123456789abcdef');
    expect(parsed()[0]?.url).toBe('/v1/topics?api_key=[redacted]&topic=t');
  });

  it('serializes errors with message and stack', () => {
    const { logger, parsed } = capture();
    logger.error({ err: new Error('boom') }, 'failed');
    const err = parsed()[0]?.err as Record<string, unknown>;
    expect(err.message).toBe('boom');
    expect(String(err.stack)).toContain('Error: boom');
  });
});

describe('kafkaLogCreator', () => {
  it('writes kafkajs entries through pino at mapped levels', () => {
    const { logger, parsed } = capture('debug');
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    const entry = (level: logLevel, message: string) => ({
      namespace: 'Consumer',
      level,
      label: 'X',
      log: { timestamp: 't', logger: 'kafkajs', message, groupId: 'g1' },
    });
    log(entry(logLevel.ERROR, 'crashed'));
    log(entry(logLevel.WARN, 'slow'));
    log(entry(logLevel.INFO, 'joined'));
    log(entry(logLevel.DEBUG, 'fetch'));
    expect(parsed().map((l) => [l.level, l.msg])).toEqual([
      ['error', 'crashed'],
      ['warn', 'slow'],
      ['info', 'joined'],
      ['debug', 'fetch'],
    ]);
    expect(parsed()[0]).toMatchObject({
      component: 'kafkajs',
      namespace: 'Consumer',
      groupId: 'g1',
      service: 'svc-test',
    });
    expect(parsed()[0]).not.toHaveProperty('timestamp');
  });

  it('maps pino levels to kafkajs levels', () => {
    expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].map(kafkaLogLevel)).toEqual([
      logLevel.DEBUG,
      logLevel.DEBUG,
      logLevel.INFO,
      logLevel.WARN,
      logLevel.ERROR,
      logLevel.ERROR,
      logLevel.NOTHING,
    ]);
  });
});
