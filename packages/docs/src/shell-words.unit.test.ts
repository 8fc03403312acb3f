import { simpleCommands } from './shell-words';

describe('simpleCommands', () => {
  it('splits on operators and lines, keeps quoted text whole, drops comments and redirections', () => {
    const script = [
      'npm run build && KAFKA_BROKERS=127.0.0.1:9092 node dist/main.js   # a comment && not a command',
      "curl -H 'a b' \\",
      '  --data-urlencode "spec={\\"k\\":1}" 2>&1 | tee log; cd x || exit 1 > out',
    ].join('\n');
    expect(simpleCommands(script)).toEqual([
      { words: ['npm', 'run', 'build'], env: {} },
      { words: ['node', 'dist/main.js'], env: { KAFKA_BROKERS: '127.0.0.1:9092' } },
      { words: ['curl', '-H', 'a b', '--data-urlencode', 'spec={"k":1}'], env: {} },
      { words: ['tee', 'log'], env: {} },
      { words: ['cd', 'x'], env: {} },
      { words: ['exit', '1'], env: {} },
    ]);
  });

  it('keeps # inside a word', () => {
    expect(simpleCommands('curl http://x/#frag')).toEqual([{ words: ['curl', 'http://x/#frag'], env: {} }]);
  });
});
