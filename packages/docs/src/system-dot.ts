import { DEFAULT_TOPICS as T } from '@mdp/contracts/topic-names';
import { controlTopicSpecs, fixedTopicSpecs } from '@mdp/runtime/platform-topics';
import { SERVICE_TOPICS, type ServiceName, type TopicRole } from '@mdp/runtime/service-topics';
import { SERVICE_COLORS } from './service-colors';

/** The systems outside the platform, and how each service meets them (not topics, so not declared). */
const OUTSIDE = [
  { id: 'sources', label: 'Market data sources\\n(CryptoCompare, CoinDesk, Coinbase)' },
  { id: 'timescaledb', label: 'TimescaleDB' },
  { id: 'apps', label: 'Applications\\n(SSE, WebSocket, webhooks)' },
];
const OUTSIDE_EDGES: { from: string; to: string; label: string }[] = [
  { from: 'sources', to: 'producer', label: 'poll / stream' },
  { from: 'fixed-sink', to: 'timescaledb', label: 'batched upserts' },
  { from: 'apps', to: 'dynamic-gateway', label: 'subscribe' },
  { from: 'dynamic-gateway', to: 'apps', label: 'stream, webhooks' },
];

/** Every topic role with the node that stands for it: the runtime's topic definitions, named as deployed. */
function topicNodes(): Record<TopicRole, { id: string; label: string }> {
  const specs = [...fixedTopicSpecs(T, 1), ...controlTopicSpecs(T)];
  const node = (topic: string) => {
    const spec = specs.find((s) => s.topic === topic);
    if (!spec) throw new Error(`${topic} is not a platform topic of packages/runtime`);
    return { id: topic, label: spec.compacted ? `${topic}\\n(compacted)` : topic };
  };
  return {
    ticks: node(T.ticks),
    candles1m: node(T.candles1m),
    requests: node(T.requests),
    registry: node(T.registry),
    events: node(T.events),
    dynamic: { id: 'dyn', label: `${T.dynamicPrefix}<kind>.<slug>.<hash>` },
    dlq: { id: 'dlq', label: T.dlq('app').replace('.app.', '.<app>.') },
  };
}

/**
 * The whole platform: outside systems, the four services, the topics between them, the database.
 * Drawn from each service's declared reads and writes (`@mdp/runtime/service-topics`).
 */
export function systemDot(): string {
  const topics = topicNodes();
  const q = (s: string) => `"${s}"`;
  const edge = (a: string, b: string, label?: string) =>
    `  ${q(a)} -> ${q(b)}${label ? ` [label=${q(label)}]` : ''};`;
  const services = Object.keys(SERVICE_TOPICS) as ServiceName[];
  const lines = [
    'digraph Platform {',
    '  rankdir=LR;',
    '  node [style=filled, fontname=Helvetica, fontsize=10];',
    '  edge [fontname=Helvetica, fontsize=9];',
    ...OUTSIDE.map((o) => `  ${q(o.id)} [label=${q(o.label)}, shape=ellipse, fillcolor=white];`),
    ...services.map((s) => `  ${q(s)} [shape=box, style="rounded,filled", fillcolor=${SERVICE_COLORS[s]}];`),
    ...Object.values(topics).map(
      (t) => `  ${q(t.id)} [label=${q(t.label)}, shape=cds, fillcolor=lightyellow];`,
    ),
    ...OUTSIDE_EDGES.map((e) => edge(e.from, e.to, e.label)),
  ];
  for (const service of services) {
    const { reads, writes } = SERVICE_TOPICS[service];
    for (const w of writes) lines.push(edge(service, topics[w.topic].id, w.messages));
    for (const r of reads) lines.push(edge(topics[r.topic].id, service, r.messages));
  }
  lines.push('}', '');
  return lines.join('\n');
}
