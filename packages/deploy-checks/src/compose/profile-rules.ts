import { asArray, asRecord, asString } from '../records';
import { readRepoText, repoFileExists } from '../repo';
import { APPS, IMAGES } from '../services';
import { parseYaml } from '../yaml-file';
import { type ComposeModel, profiles } from './compose-file';

const PROMETHEUS_CONFIG = 'infra/prometheus/prometheus.yml';

/**
 * Apps and the simulator always run (the producer reads the simulator when no CryptoCompare key is
 * set); Console and Prometheus only for observability.
 */
export function profileProblems(model: ComposeModel): string[] {
  const problems: string[] = [];
  for (const image of IMAGES) {
    const service = model.services[image.name];
    if (service && profiles(service).length > 0) problems.push(`${image.name}: must not be behind a profile`);
  }
  const inProfile = (name: string, profile: string) => profiles(model.services[name] ?? {}).includes(profile);
  for (const name of ['redpanda-console', 'prometheus']) {
    if (!inProfile(name, 'observability')) problems.push(`${name}: must be in the observability profile`);
  }
  const prometheus = model.services.prometheus;
  const mounts = asArray(prometheus?.volumes).map(String);
  if (!mounts.some((m) => m.startsWith(`./${PROMETHEUS_CONFIG}:`)))
    problems.push(`prometheus: must mount ./${PROMETHEUS_CONFIG}`);
  return [...problems, ...scrapeProblems()];
}

/** The Prometheus config scrapes every service at its compose name and port. */
export function scrapeProblems(): string[] {
  if (!repoFileExists(PROMETHEUS_CONFIG)) return [`${PROMETHEUS_CONFIG} is missing`];
  const config = asRecord(parseYaml(readRepoText(PROMETHEUS_CONFIG)));
  const targets = asArray(config.scrape_configs).flatMap((job) =>
    asArray(asRecord(job).static_configs).flatMap((c) => asArray(asRecord(c).targets).map(String)),
  );
  const paths = asArray(config.scrape_configs).map(
    (job) => asString(asRecord(job).metrics_path) ?? '/metrics',
  );
  // The simulator serves no /metrics: only the services are scraped.
  const problems = APPS.filter((s) => !targets.includes(`${s.name}:${s.port}`)).map(
    (s) => `${PROMETHEUS_CONFIG}: no scrape target ${s.name}:${s.port}`,
  );
  if (!paths.includes('/metrics')) problems.push(`${PROMETHEUS_CONFIG}: no job scrapes /metrics`);
  return problems;
}
