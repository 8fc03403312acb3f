import { at } from '../records';
import { loadRepoCompose } from './compose-file';
import { composeProblems } from './compose-rules';

describe('docker-compose.yml consistency', () => {
  it('builds every image from its Dockerfile, pins every image, checks health, orders startup, sets every env var', () => {
    const notes: string[] = [];
    expect(composeProblems(loadRepoCompose(), notes)).toEqual([]);
    if (notes.length > 0) console.warn(`not checked yet:\n${notes.join('\n')}`);
  });

  it('reports a compose file that breaks the rules', () => {
    const model = loadRepoCompose();
    const services = model.doc.services as Record<string, Record<string, unknown>>;
    const broken = structuredClone(services);
    delete broken.coordinator?.healthcheck;
    if (broken.producer) broken.producer.image = 'mdp/producer:latest';
    if (broken.timescaledb) broken.timescaledb.image = 'timescale/timescaledb:latest-pg16';
    if (broken['fixed-sink']) broken['fixed-sink'].depends_on = ['redpanda'];
    if (broken['redpanda-init']) broken['redpanda-init'].command = ['cluster', 'health'];
    if (broken['dynamic-gateway'])
      broken['dynamic-gateway'].environment = { HTTP_PORT: '8081', KAFKA_BROKER: 'x:1' };
    const problems = composeProblems({ ...model, services: broken }).join('\n');
    expect(problems).toMatch(/coordinator: no healthcheck/);
    expect(problems).toMatch(/producer: image mdp\/producer:latest is not pinned/);
    expect(problems).toMatch(
      /timescaledb: image timescale\/timescaledb:latest-pg16 should be pinned to a version/,
    );
    expect(problems).toMatch(/fixed-sink: depends_on redpanda needs a condition/);
    expect(problems).toMatch(/no job sets auto_create_topics_enabled false/);
    expect(problems).toMatch(/dynamic-gateway: HTTP_PORT is 8081, expected 8080/);
  });

  it('turns Redpanda topic auto-creation off before the services start', () => {
    const { services } = loadRepoCompose();
    expect(at(services, 'redpanda-init', 'command')).toEqual(
      expect.arrayContaining(['auto_create_topics_enabled', 'false']),
    );
  });
});
