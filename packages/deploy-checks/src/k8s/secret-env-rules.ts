import { asArray, asRecord, asString } from '../records';
import { APPS } from '../services';
import { containersOf, findObject, kindOf, nameOf, objectsOfKind, podSpec } from './objects';

/** Variables that hold a secret: they come from a Secret, never from a literal or a ConfigMap. */
export const SECRET_NAME = /(PASSWORD|TOKEN|SECRET|API_KEY|API_KEYS)$|(^|_)DATABASE_URL$/;

const KAFKA_CREDENTIALS = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];
const KAFKA_CA_DIR = '/etc/mdp/kafka-ca';

/**
 * No secret-named variable is a literal `value:` in a Deployment or a key of a ConfigMap, and each
 * service takes its Kafka credentials from a Secret and has the brokers' CA mounted from one.
 */
export function secretEnvProblems(objects: readonly unknown[]): string[] {
  const problems: string[] = [];
  for (const deployment of objectsOfKind(objects, 'Deployment')) {
    for (const container of containersOf(deployment)) {
      for (const item of asArray(container.env).map(asRecord)) {
        const name = asString(item.name) ?? '';
        if (SECRET_NAME.test(name) && item.value !== undefined)
          problems.push(`${nameOf(deployment)}: ${name} is a literal value, not from a Secret`);
      }
    }
  }
  for (const config of objects.filter((o) => kindOf(o) === 'ConfigMap').map(asRecord)) {
    for (const key of Object.keys(asRecord(config.data)).filter((k) => SECRET_NAME.test(k)))
      problems.push(`ConfigMap ${nameOf(config)}: ${key} is a secret in plain configuration`);
  }
  for (const app of APPS) {
    const deployment = findObject(objects, 'Deployment', app.name);
    const container = deployment && containersOf(deployment).find((c) => c.name === app.name);
    if (!deployment || !container) continue;
    const env = asArray(container.env).map(asRecord);
    for (const variable of KAFKA_CREDENTIALS) {
      const ref = asRecord(asRecord(env.find((e) => e.name === variable)?.valueFrom).secretKeyRef);
      // The dev overlay generates the Secret: `<name>-<hash>`.
      const secret = new RegExp(`^${app.name}-secrets(-[a-z0-9]{10})?$`);
      if (!secret.test(String(ref.name)) || ref.key !== variable)
        problems.push(`${app.name}: ${variable} must come from Secret ${app.name}-secrets, key ${variable}`);
    }
    const mount = asArray(container.volumeMounts)
      .map(asRecord)
      .find((m) => m.mountPath === KAFKA_CA_DIR);
    const volume = asArray(podSpec(deployment).volumes)
      .map(asRecord)
      .find((v) => v.name === mount?.name);
    if (!mount || asRecord(volume?.secret).secretName !== 'kafka-ca')
      problems.push(`${app.name}: the Secret kafka-ca must be mounted at ${KAFKA_CA_DIR}`);
  }
  return problems;
}
