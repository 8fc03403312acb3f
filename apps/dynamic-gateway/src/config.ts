import { isValidNamespace } from '@mdp/contracts/topic-names';
import {
  ConfigError,
  type ConfigOf,
  type ConfigProblem,
  deepFreeze,
  type Env,
  loadConfig as load,
} from '@mdp/runtime/config';
import { configShape } from './config-shape';
import { type ApiKeyEntry, parseApiKeys } from './http/auth';

export { configShape, SLOW_CLIENT_POLICIES, type SlowClientPolicy } from './config-shape';

type RawConfig = ConfigOf<typeof configShape>;
export type GatewayConfig = Readonly<
  Omit<RawConfig, 'apiKeys' | 'gatewayId'> & { gatewayId: string; apiKeys: readonly ApiKeyEntry[] }
>;

/** Checks that need the raw text or several variables; run even when other variables are invalid. */
function independentChecks(env: Env): { problems: ConfigProblem[]; keys: ApiKeyEntry[] } {
  const problems: ConfigProblem[] = [];
  if (!isValidNamespace(env.TOPIC_NAMESPACE?.trim() ?? ''))
    problems.push({ variable: 'TOPIC_NAMESPACE', reason: 'must be lowercase [a-z0-9-], at most 40' });
  const keys = parseApiKeys(env.GATEWAY_API_KEYS ?? '');
  if (!keys.ok && env.GATEWAY_API_KEYS?.trim())
    problems.push({ variable: 'GATEWAY_API_KEYS', reason: keys.error });
  return { problems, keys: keys.ok ? keys.value : [] };
}

function crossChecks(c: RawConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (c.slowClient.bufferMessages >= c.topicBufferMessages)
    problems.push({
      variable: 'GATEWAY_CLIENT_BUFFER_MESSAGES',
      reason: 'must be smaller than GATEWAY_TOPIC_BUFFER_MESSAGES',
    });
  if (c.topicBuffers.bytesPerTopic > c.topicBuffers.totalBytes)
    problems.push({
      variable: 'GATEWAY_TOPIC_BUFFER_BYTES',
      reason: 'must not exceed GATEWAY_TOPIC_BUFFERS_TOTAL_BYTES',
    });
  if (c.timing.retryBaseMs > c.timing.retryMaxMs)
    problems.push({ variable: 'GATEWAY_RETRY_BASE_MS', reason: 'must not exceed GATEWAY_RETRY_MAX_MS' });
  if (c.browser.tokenSecret && c.browser.tokenSecret.reveal().length < 32)
    problems.push({ variable: 'GATEWAY_TOKEN_SECRET', reason: 'must be at least 32 characters' });
  if (c.webhook.retryBaseMs > c.webhook.retryMaxMs)
    problems.push({ variable: 'WEBHOOK_RETRY_BASE_MS', reason: 'must not exceed WEBHOOK_RETRY_MAX_MS' });
  return problems;
}

function defaultGatewayId(env: Env): string {
  const host = (env.HOSTNAME ?? 'gw').replace(/[^a-zA-Z0-9._-]/g, '').slice(0, 40) || 'gw';
  return `${host}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Reads the environment once; every problem (including cross-field ones) is reported together. */
export function loadConfig(env: Env): GatewayConfig {
  const independent = independentChecks(env);
  let raw: RawConfig;
  try {
    raw = load(configShape, env);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError([...e.problems, ...independent.problems]);
    throw e;
  }
  const problems = [...independent.problems, ...crossChecks(raw)];
  if (problems.length > 0) throw new ConfigError(problems);
  // Key digests are Buffers (which cannot be frozen): the entries are frozen one level deep.
  const apiKeys = Object.freeze(independent.keys.map((k) => Object.freeze(k)));
  return Object.freeze({
    ...deepFreeze({ ...raw, gatewayId: raw.gatewayId ?? defaultGatewayId(env) }),
    apiKeys,
  });
}
