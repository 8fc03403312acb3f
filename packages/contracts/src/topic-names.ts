import { createHash } from 'node:crypto';
import type { DynamicTopicSpec } from './dynamic-spec';

/**
 * Topic names. A namespace (default none) prefixes every topic, so tests and several platforms can
 * share one broker without seeing each other's topics.
 */
export type TopicNames = {
  ticks: string;
  candles1m: string;
  requests: string;
  registry: string;
  events: string;
  dynamicPrefix: string;
  dlq: (app: string) => string;
};

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function isValidNamespace(namespace: string): boolean {
  return namespace === '' || NAMESPACE.test(namespace);
}

export function topicNames(namespace = ''): TopicNames {
  if (!isValidNamespace(namespace)) throw new Error(`invalid topic namespace ${JSON.stringify(namespace)}`);
  const ns = namespace ? `${namespace}.` : '';
  return {
    ticks: `${ns}market.ticks.v1`,
    candles1m: `${ns}market.candles.1m.v1`,
    requests: `${ns}control.requests.v1`,
    registry: `${ns}control.topics.v1`,
    events: `${ns}control.events.v1`,
    dynamicPrefix: `${ns}dyn.`,
    dlq: (app) => `${ns}dlq.${slugify(app, 40) || 'unknown'}.v1`,
  };
}

export const DEFAULT_TOPICS = topicNames();

const SLUG_MAX = 40;
const HASH_LENGTH = 16;

/** Lowercase `[a-z0-9-]` only, no leading/trailing/double dashes, at most `max` characters. */
function slugify(text: string, max: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/** The canonical form hashed into the name: field order fixed, symbols as normalized (sorted, unique). */
export function canonicalSpec(spec: DynamicTopicSpec): string {
  return JSON.stringify([spec.kind, spec.market, spec.quote, spec.symbols, spec.samplingMs]);
}

/**
 * `<ns.>dyn.<kind>.<readable slug>.<hash>`: the hash of the canonical spec makes the name unique and
 * deterministic; the slug only helps people reading topic lists. Nothing a client sends reaches the
 * name except through `slugify`, so the charset is `[a-z0-9.-]` and the length stays under 120.
 */
export function dynamicTopicName(spec: DynamicTopicSpec, namespace = ''): string {
  const { dynamicPrefix } = topicNames(namespace);
  const hash = createHash('sha256').update(canonicalSpec(spec)).digest('hex').slice(0, HASH_LENGTH);
  const sampling = spec.samplingMs > 0 ? `-${spec.samplingMs}ms` : '';
  const slug =
    slugify(`${spec.quote}-${spec.market}-${spec.symbols.join('-')}`, SLUG_MAX - sampling.length) || 'x';
  return `${dynamicPrefix}${slugify(spec.kind, 12)}.${slug}${sampling}.${hash}`;
}

export function isDynamicTopic(topic: string, namespace = ''): boolean {
  const { dynamicPrefix } = topicNames(namespace);
  if (!topic.startsWith(dynamicPrefix)) return false;
  return /^[a-z0-9-]{1,12}\.[a-z0-9-]{1,40}\.[0-9a-f]{16}$/.test(topic.slice(dynamicPrefix.length));
}

const DYNAMIC_TOPIC_KIND = /^(.*dyn\.[a-z0-9-]{1,12})\.[a-z0-9-]{1,40}\.[0-9a-f]{16}$/;

/**
 * A topic as a metric label value. Dynamic topics come and go with the applications' specs, so a
 * label per topic would grow without bound: they count under their prefix and kind (`dyn.ticks`);
 * the platform's own topics keep their names.
 */
export function topicMetricLabel(topic: string): string {
  return DYNAMIC_TOPIC_KIND.exec(topic)?.[1] ?? topic;
}
