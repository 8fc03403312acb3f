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
