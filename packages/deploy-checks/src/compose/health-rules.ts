import { asArray, asRecord, asString, type Json } from '../records';
import { type ComposeModel, dependencies } from './compose-file';

const CONDITIONS = ['service_healthy', 'service_completed_successfully', 'service_started'];

function healthcheckTest(service: Json): string {
  const hc = asRecord(service.healthcheck);
  if (hc.disable === true) return '';
  const test = hc.test;
  const text = Array.isArray(test) ? test.map(String).join(' ') : (asString(test) ?? '');
  return text === 'NONE' ? '' : text;
}

/** One-shot jobs (restart "no", only awaited to complete) have no health to check. */
function isOneShotJob(model: ComposeModel, name: string): boolean {
  const service = model.services[name];
  if (!service || String(service.restart ?? 'no') !== 'no') return false;
  const waits = Object.values(model.services).flatMap((s) =>
    dependencies(s).filter((d) => d.service === name),
  );
  return waits.length > 0 && waits.every((d) => d.condition === 'service_completed_successfully');
}

/** Every long-running service has a healthcheck; every dependency is conditional and satisfiable. */
export function healthProblems(model: ComposeModel): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(model.services)) {
    const oneShot = isOneShotJob(model, name);
    if (!oneShot && healthcheckTest(service) === '') problems.push(`${name}: no healthcheck`);
    if (!oneShot && asString(service.restart) === undefined) problems.push(`${name}: no restart policy`);
    for (const dep of dependencies(service)) {
      const target = model.services[dep.service];
      if (!target) {
        if (asRecord(asRecord(service.depends_on)[dep.service]).required !== false)
          problems.push(`${name}: depends on unknown service ${dep.service}`);
        continue;
      }
      if (!dep.longForm || !dep.condition || !CONDITIONS.includes(dep.condition))
        problems.push(`${name}: depends_on ${dep.service} needs a condition (${CONDITIONS.join(', ')})`);
      if (dep.condition === 'service_healthy' && healthcheckTest(target) === '')
        problems.push(`${name}: waits for ${dep.service} to be healthy, which has no healthcheck`);
    }
  }
  return problems;
}

/** What a service's healthcheck probes, as one string (for checking the endpoint it calls). */
export function healthcheckOf(service: Json): string {
  return healthcheckTest(service);
}

/** Named volumes a service mounts must be declared at the top level. */
export function volumeProblems(model: ComposeModel): string[] {
  const declared = Object.keys(asRecord(model.doc.volumes));
  const problems: string[] = [];
  for (const [name, service] of Object.entries(model.services)) {
    for (const mount of asArray(service.volumes)) {
      const source = typeof mount === 'string' ? mount.split(':')[0] : asString(asRecord(mount).source);
      if (!source || source.startsWith('.') || source.startsWith('/')) continue;
      if (!declared.includes(source))
        problems.push(`${name}: volume ${source} is not declared under volumes`);
    }
  }
  return problems;
}
