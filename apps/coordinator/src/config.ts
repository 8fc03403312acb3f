import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import {
  ConfigError,
  type ConfigOf,
  type ConfigProblem,
  type Env,
  loadConfig as load,
} from '@mdp/runtime/config';
import { kafkaGroupProblems } from '@mdp/runtime/kafka-config';
import type { Secret } from '@mdp/runtime/secret';
import { configShape } from './config-shape';

export { configShape } from './config-shape';

type Loaded = ConfigOf<typeof configShape>;

export type CoordinatorConfig = Readonly<
  Omit<Loaded, 'groupId' | 'instanceId' | 'adminToken' | 'quotas'> & {
    groupId: string;
    instanceId: string;
    adminToken: Secret | undefined;
    quotas: Readonly<
      Omit<Loaded['quotas'], 'allowedKinds'> & { allowedKinds: readonly DynamicTopicSpec['kind'][] }
    >;
  }
>;

/** Reads and validates the environment once; every problem is reported at once (ConfigError). */
export function loadConfig(env: Env): CoordinatorConfig {
  const c = load(configShape, env);
  const problems: ConfigProblem[] = kafkaGroupProblems(c.kafka);
  if (c.retry.baseMs > c.retry.maxMs)
    problems.push({ variable: 'RETRY_BASE_MS', reason: 'must not exceed RETRY_MAX_MS' });
  if (c.adminToken && c.adminToken.reveal().length < 16)
    problems.push({ variable: 'COORDINATOR_ADMIN_TOKEN', reason: 'must be at least 16 characters' });
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    ...c,
    groupId: c.groupId ?? `${c.namespace ? `${c.namespace}.` : ''}coordinator`,
    instanceId: c.instanceId ?? `coordinator-${process.pid}-${Date.now().toString(36)}`,
    quotas: c.quotas as CoordinatorConfig['quotas'],
  });
}

export { ConfigError };
