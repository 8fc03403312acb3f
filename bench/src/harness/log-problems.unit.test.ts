import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logProblems } from './log-problems';

describe('logProblems', () => {
  it('counts distinct error and fatal lines, skipping kafkajs request retries and other levels', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'bench-log-')), 'service.log');
    const lines = [
      { level: 'error', msg: 'cycle failed', error: 'too large' },
      { level: 'error', msg: 'cycle failed', error: 'too large' },
      { level: 'fatal', msg: 'gave up' },
      { level: 'warn', msg: 'slow' },
      { level: 'error', component: 'kafkajs', namespace: 'Connection', msg: 'Response Metadata' },
    ];
    await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
    expect(await logProblems(file)).toEqual(['2x cycle failed: too large', '1x gave up']);
  });

  it('is empty for a missing file', async () => {
    expect(await logProblems('/nonexistent/bench.log')).toEqual([]);
  });
});
