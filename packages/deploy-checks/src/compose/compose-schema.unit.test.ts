import { schemaCheck } from '../json-schema';
import { readRepoText } from '../repo';
import { parseYaml } from '../yaml-file';
import { COMPOSE_FILE, composeModel, loadRepoCompose } from './compose-file';

const composeSchema = schemaCheck('compose-spec.json');

describe('docker-compose.yml against the Compose Specification schema', () => {
  it('parses as YAML (merge keys resolved) and has services', () => {
    const doc = parseYaml(readRepoText(COMPOSE_FILE));
    expect(Object.keys(composeModel(doc).services).length).toBeGreaterThan(0);
  });

  it('is valid with every variable at its default', () => {
    expect(composeSchema(loadRepoCompose().doc)).toEqual([]);
  });

  it('is valid with variables set (the interpolated values keep their types)', () => {
    const env = { MDP_IMAGE_TAG: '1.2.3', LOG_LEVEL: 'debug', POSTGRES_PASSWORD: 'x', TOPIC_NAMESPACE: 'ns' };
    expect(composeSchema(loadRepoCompose(env).doc)).toEqual([]);
  });

  it('rejects what compose would reject (the schema check bites)', () => {
    const doc = structuredClone(loadRepoCompose().doc);
    const services = doc.services as Record<string, Record<string, unknown>>;
    (services.producer ?? {}).helthcheck = { test: ['CMD', 'true'] };
    (services.coordinator ?? {}).depends_on = { redpanda: { condition: 'service_ready' } };
    const errors = composeSchema(doc);
    expect(errors.join('\n')).toMatch(/additional propert/);
    expect(errors.join('\n')).toMatch(/equal to one of the allowed values/);
  });
});
