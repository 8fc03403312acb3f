import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationReference } from './config-reference';

describe('docs/configuration.md', () => {
  const reference = configurationReference();

  it('is what the services config schemas generate (run npm run docs -w @mdp/docs)', () => {
    expect(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8')).toBe(
      reference,
    );
  });

  it('shows every default as it would be set, never as [object Object]', () => {
    expect(reference).not.toContain('[object');
    expect(reference).toContain('| `PRODUCER_PAIRS` | no | `BTC-USD,ETH-USD` |');
  });

  it('names every duration ..._MS and shows its default in plain milliseconds', () => {
    const rows = reference.split('\n').filter((line) => /^\| `[A-Z0-9_]+_MS` \|/.test(line));
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) expect(row).toMatch(/^\| `[A-Z0-9_]+_MS` \| (yes|no) \| (`\d+`)? \|/);
  });

  it.each([
    'KAFKA_BROKERS',
    'TOPIC_NAMESPACE',
    'HTTP_PORT',
    'DATABASE_URL',
    'COORDINATOR_ADMIN_TOKEN',
    'GATEWAY_API_KEYS',
  ])('lists %s', (variable) => {
    expect(reference).toContain(`| \`${variable}\` |`);
  });
});
