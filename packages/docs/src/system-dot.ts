import { DEFAULT_TOPICS as T } from '@mdp/contracts/topic-names';

/** The whole platform: outside systems, the four services, the topics between them, the database. */
export function systemDot(): string {
  const topic = (name: string, label = name) =>
    `  "${name}" [label="${label}", shape=cds, fillcolor=lightyellow];`;
  const external = (id: string, label: string) =>
    `  "${id}" [label="${label}", shape=ellipse, fillcolor=white];`;
  const service = (id: string, color: string) =>
    `  "${id}" [shape=box, style="rounded,filled", fillcolor=${color}];`;
  const edge = (a: string, b: string, label = '') =>
    `  "${a}" -> "${b}"${label ? ` [label="${label}"]` : ''};`;
  return [
    'digraph Platform {',
    '  rankdir=LR;',
    '  node [style=filled, fontname=Helvetica, fontsize=10];',
    '  edge [fontname=Helvetica, fontsize=9];',
    external('cryptocompare', 'CryptoCompare\\n(REST + streamer)'),
    external('timescaledb', 'TimescaleDB'),
    external('apps', 'Applications\\n(SSE, WebSocket, webhooks)'),
    service('producer', 'lightblue'),
    service('coordinator', 'lightgreen'),
    service('fixed-sink', 'lightcoral'),
    service('dynamic-gateway', 'lightseagreen'),
    topic(T.ticks),
    topic(T.candles1m),
    topic('dyn', `${T.dynamicPrefix}<kind>.<slug>.<hash>`),
    topic(T.requests),
    topic(T.registry, `${T.registry}\\n(compacted registry)`),
    topic(T.events),
    topic('dlq', 'dlq.<app>.v1'),
    edge('cryptocompare', 'producer', 'poll / stream'),
    edge('producer', T.ticks),
    edge('producer', T.candles1m),
    edge('producer', 'dyn', 'matching specs'),
    edge(T.ticks, 'fixed-sink'),
    edge(T.candles1m, 'fixed-sink'),
    edge('fixed-sink', 'timescaledb', 'batched upserts'),
    edge('dyn', 'dynamic-gateway'),
    edge('dynamic-gateway', 'apps'),
    edge('apps', 'dynamic-gateway', 'subscribe'),
    edge('dynamic-gateway', T.requests, 'RequestTopic'),
    edge('producer', T.requests, 'RequestTopic'),
    edge(T.requests, 'coordinator'),
    edge('coordinator', T.registry, 'TopicRecord'),
    edge(T.registry, 'producer'),
    edge(T.registry, 'dynamic-gateway'),
    edge('coordinator', T.events, 'Activated / Rejected / Retired'),
    edge('dynamic-gateway', T.events, 'SubscriberHeartbeat'),
    edge('producer', T.events, 'PublishStarted / Stopped'),
    edge(T.events, 'coordinator'),
    edge(T.events, 'dynamic-gateway'),
    edge('fixed-sink', 'dlq', 'rejected'),
    edge('coordinator', 'dlq', 'rejected'),
    '}',
    '',
  ].join('\n');
}
