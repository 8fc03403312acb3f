import { DYNAMIC_KINDS, type DynamicTopicSpec, normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName, topicNames } from '@mdp/contracts/topic-names';

/**
 * The spec of a dynamic topic, read back from its name when the name allows: the slug holds the
 * kind, quote, market, symbols and sampling in lower case (and may be cut short), so a guess is only
 * returned when it hashes to the very same name. Null when no guess does (then an operator gives the spec).
 */
export function specFromTopicName(topic: string, namespace: string): DynamicTopicSpec | null {
  const prefix = topicNames(namespace).dynamicPrefix;
  if (!topic.startsWith(prefix)) return null;
  const [kindSlug, slug, hash, ...rest] = topic.slice(prefix.length).split('.');
  if (!kindSlug || !slug || !hash || rest.length > 0) return null;
  const kinds = DYNAMIC_KINDS.filter((k) => k.replace(/[^a-z0-9]+/g, '-') === kindSlug);
  const sampling = /^(.*)-(\d+)ms$/.exec(slug);
  const body = sampling?.[1] ?? slug;
  const samplingMs = sampling ? Number(sampling[2]) : 0;
  const [quote, market, ...symbols] = body.split('-');
  if (!quote || !market || symbols.length === 0) return null;
  for (const kind of kinds) {
    const candidate = normalizeSpec({
      kind,
      quote: quote.toUpperCase(),
      market: market.toUpperCase(),
      symbols: symbols.map((s) => s.toUpperCase()),
      samplingMs,
    });
    if (candidate.ok && dynamicTopicName(candidate.value, namespace) === topic) return candidate.value;
  }
  return null;
}
