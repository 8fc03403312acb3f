import { checkServiceEnv, knownEnvNames } from '../service-config';
import { APPS, IMAGES } from '../services';
import { type ComposeModel, serviceEnvironment } from './compose-file';
import { healthcheckOf } from './health-rules';

/**
 * Each service's environment satisfies its own loadConfig (every required variable set, every
 * value valid), names only variables the service reads, and agrees with the port table.
 * `notes` collects services whose config.ts does not exist yet (nothing to check against).
 */
export function composeEnvProblems(model: ComposeModel, notes: string[] = []): string[] {
  const problems: string[] = [];
  for (const spec of IMAGES) {
    const service = model.services[spec.name];
    if (!service) continue;
    const env = serviceEnvironment(service);
    if (env[spec.portEnv] !== String(spec.port))
      problems.push(
        `${spec.name}: ${spec.portEnv} is ${env[spec.portEnv] ?? 'unset'}, expected ${spec.port}`,
      );
    if (!/\/(readyz|healthz)\b/.test(healthcheckOf(service)))
      problems.push(`${spec.name}: healthcheck does not probe /readyz or /healthz`);
    const verdict = checkServiceEnv(spec, env);
    if (verdict.status === 'invalid')
      problems.push(`${spec.name}: its loadConfig rejects the compose env: ${verdict.problems}`);
    if (verdict.status === 'crashed')
      problems.push(
        `${spec.name}: its loadConfig crashed on the compose env (a bug in the service): ${verdict.error}`,
      );
    if (verdict.status === 'absent') notes.push(`${spec.name}: no src/config.ts yet, env not checked`);
    const known = knownEnvNames(spec);
    for (const key of Object.keys(env)) {
      if (known && !known.has(key)) problems.push(`${spec.name}: sets ${key}, which the service never reads`);
    }
  }
  for (const app of APPS) {
    const service = model.services[app.name];
    if (service && serviceEnvironment(service).KAFKA_BROKERS !== 'redpanda:9092')
      problems.push(`${app.name}: KAFKA_BROKERS must be the broker's internal listener redpanda:9092`);
  }
  return problems;
}
