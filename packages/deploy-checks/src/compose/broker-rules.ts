import { asString } from '../records';
import { APPS } from '../services';
import { type ComposeModel, commandText, dependencies } from './compose-file';

/**
 * Redpanda runs single-node in dev-container mode, which turns topic auto-creation on; a one-shot
 * job must turn it off before any service starts, so the platform alone creates topics.
 */
export function brokerProblems(model: ComposeModel): string[] {
  const problems: string[] = [];
  const entries = Object.entries(model.services);
  const isRedpanda = (image: string | undefined) => (image ?? '').includes('redpandadata/redpanda:');
  const broker = entries.find(
    ([, s]) => isRedpanda(asString(s.image)) && /\bredpanda start\b/.test(commandText(s)),
  );
  if (!broker) return ['no Redpanda service (redpandadata/redpanda image running `redpanda start`)'];
  const [brokerName, brokerService] = broker;
  if (!commandText(brokerService).includes('--mode=dev-container'))
    problems.push(`${brokerName}: not started in dev-container mode`);

  const disables = /cluster config set auto_create_topics_enabled false/;
  const job = entries.find(([, s]) => disables.test(`${commandText(s, 'entrypoint')} ${commandText(s)}`));
  if (!job) return [...problems, 'no job sets auto_create_topics_enabled false'];
  const [jobName, jobService] = job;
  if (!dependencies(jobService).some((d) => d.service === brokerName && d.condition === 'service_healthy'))
    problems.push(`${jobName}: must wait for ${brokerName} to be healthy`);

  for (const app of APPS) {
    const service = model.services[app.name];
    if (!service) continue;
    const deps = dependencies(service);
    if (!deps.some((d) => d.service === jobName && d.condition === 'service_completed_successfully'))
      problems.push(`${app.name}: must start after ${jobName} completes (auto-creation off first)`);
    if (!deps.some((d) => d.service === brokerName && d.condition === 'service_healthy'))
      problems.push(`${app.name}: must wait for ${brokerName} to be healthy`);
  }
  return problems;
}
