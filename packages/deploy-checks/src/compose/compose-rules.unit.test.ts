import { at } from '../records';
import { loadRepoCompose } from './compose-file';
import { composeProblems } from './compose-rules';
import { portProblems } from './port-rules';

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

  it('publishes every port on 127.0.0.1 only', () => {
    const model = loadRepoCompose();
    expect(portProblems(model)).toEqual([]);
    expect(at(model.services, 'dynamic-gateway', 'ports')).toEqual(['127.0.0.1:8080:8080']);
    const broken = structuredClone(model.services) as Record<string, Record<string, unknown>>;
    if (broken.timescaledb) broken.timescaledb.ports = ['15432:5432'];
    if (broken.redpanda) broken.redpanda.ports = [{ target: 19092, published: '19092' }];
    if (broken.prometheus) broken.prometheus.ports = ['0.0.0.0:9090:9090', '9091'];
    if (broken.producer) broken.producer.ports = [{ target: 9101, published: '9101', host_ip: '127.0.0.1' }];
    const problems = portProblems({ ...model, services: broken }).join('\n');
    expect(problems).toMatch(/timescaledb: port 15432:5432 is published on every interface/);
    expect(problems).toMatch(/redpanda: port .*19092.* is published on every interface/);
    expect(problems).toMatch(/prometheus: port 0.0.0.0:9090:9090 is published on 0.0.0.0/);
    expect(problems).toMatch(/prometheus: port 9091 is published on every interface/);
    expect(problems).not.toMatch(/producer/);
  });

  it('warns at startup about each credential left at its development default', () => {
    const warning = (env: Record<string, string>) =>
      at(loadRepoCompose(env).services, 'dev-defaults-warning', 'environment');
    expect(warning({})).toMatchObject({ POSTGRES_PASSWORD_SET: '', COORDINATOR_ADMIN_TOKEN_SET: '' });
    expect(warning({ POSTGRES_PASSWORD: 'a-real-password' })).toMatchObject({ POSTGRES_PASSWORD_SET: 'yes' });
    for (const app of ['producer', 'coordinator', 'fixed-sink', 'dynamic-gateway'])
      expect(at(loadRepoCompose().services, app, 'depends_on', 'dev-defaults-warning', 'condition')).toBe(
        'service_completed_successfully',
      );
  });

  it('turns Redpanda topic auto-creation off before the services start', () => {
    const { services } = loadRepoCompose();
    expect(at(services, 'redpanda-init', 'command')).toEqual(
      expect.arrayContaining(['auto_create_topics_enabled', 'false']),
    );
  });
});
