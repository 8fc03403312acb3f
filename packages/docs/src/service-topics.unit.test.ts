import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_TOPICS, type ServiceName, type TopicRole } from '@mdp/runtime/service-topics';

const APPS = join(__dirname, '..', '..', '..', 'apps');

/** A service's own source files: no tests, no test support. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** The topic roles a service's source names: `names.registry`, `topics.ticks`, `names.dlq(...)`. */
function rolesNamedIn(service: ServiceName): Set<TopicRole> {
  const roles = new Set<TopicRole>();
  for (const file of sourceFiles(join(APPS, service, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:names|topics)\.(ticks|candles1m|requests|registry|events|dlq)\b/g))
      roles.add(m[1] as TopicRole);
    if (text.includes('createDlqPublisher(')) roles.add('dlq');
  }
  return roles;
}

describe.each(Object.keys(SERVICE_TOPICS) as ServiceName[])('%s declares the topics it uses', (service) => {
  const { reads, writes } = SERVICE_TOPICS[service];
  // Dynamic topics are named per spec, never through `names`: their use cannot be found this way.
  const declared = new Set<TopicRole>(
    [...reads, ...writes].map((u) => u.topic).filter((t) => t !== 'dynamic'),
  );
  const named = rolesNamedIn(service);

  it('declares every topic its source names', () => {
    expect([...named].filter((t) => !declared.has(t))).toEqual([]);
  });

  it('names every topic it declares', () => {
    expect([...declared].filter((t) => !named.has(t))).toEqual([]);
  });
});
