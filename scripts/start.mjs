#!/usr/bin/env node
// `npm start`: the whole platform on this machine, in one terminal.
// Installs what is missing (fresh clone: npm ci), builds what runs, brings up a broker and a
// database through @mdp/local-infra's CLI (KAFKA_BROKERS/DATABASE_URL from the environment, else
// containers when Docker answers, else a local Kafka from Maven jars and the local PostgreSQL),
// starts the simulator for the sources of PRODUCER_SOURCES it stands in for, then the four services
// as four processes with their logs prefixed. Ctrl-C stops everything, services first.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const localNode = join(root, 'node_modules', '.bin', 'node');
const stamp = () => new Date().toISOString().slice(11, 23);
// Output to a closed pipe (`npm start | tee`, then Ctrl-C kills tee) must never stop the shutdown:
// after the first EPIPE nothing more is written, and the stop goes on silently.
let outputClosed = false;
process.stdout.on('error', () => {
  outputClosed = true;
});
const out = (text) => {
  if (!outputClosed) process.stdout.write(text);
};
const say = (text) => out(`${stamp()} platform        | ${text}\n`);
// Everything the platform reads from its own environment, in one place.
const env = process.env;

function runOrExit(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    say(`failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

// 1. Dependencies (a fresh clone has none), and the project's Node 24 rather than whatever ran this.
if (!existsSync(join(root, 'node_modules'))) {
  say('installing dependencies (npm ci), first run only');
  runOrExit('npm', ['ci']);
}
if (!process.versions.node.startsWith('24.') && existsSync(localNode)) {
  // Stay alive until it is done, passing signals on (a `kill` aimed at this process included).
  const child = spawn(localNode, process.argv.slice(1), { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.once('exit', (code) => process.exit(code ?? 1));
  await new Promise(() => {});
}
say('building the services, the simulator and local-infra (turbo; cached when unchanged)');
const built = ['@mdp/producer', '@mdp/coordinator', '@mdp/fixed-sink', '@mdp/dynamic-gateway'];
const filters = [...built, '@mdp/cryptocompare-simulator', '@mdp/local-infra'].map((p) => `--filter=${p}...`);
runOrExit(join(root, 'node_modules', '.bin', 'turbo'), [
  'run',
  'build',
  '--output-logs=errors-only',
  ...filters,
]);

// 2. Ports: the protocol's defaults; one already taken stops us before anything starts.
const ports = { gateway: 8080, producer: 9101, coordinator: 9102, sink: 9103, simulator: 8090 };
const isFree = (port) =>
  new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port }, () => server.close(() => resolve(true)));
  });
const apiKey = env.CRYPTOCOMPARE_API_KEY?.trim() || undefined;
for (const [name, port] of Object.entries(ports)) {
  if (name === 'simulator' && apiKey && (env.PRODUCER_SOURCES ?? 'cryptocompare') === 'cryptocompare')
    continue;
  if (!(await isFree(port))) {
    say(`port ${port} (${name}) is in use: is the platform already running? (check with: ss -ltnp)`);
    process.exit(1);
  }
}

// 3. Processes, each with prefixed output; one that dies on its own stops the platform.
const children = [];
let stopping = false;
// kafkajs 2.2.4 sets a negative timeout on Node >= 23: harmless, but it warns in every process.
const nodeOptions = [env.NODE_OPTIONS, '--disable-warning=TimeoutNegativeWarning'].filter(Boolean).join(' ');
const levels = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** pino JSON lines become `LEVEL message key=value`; LOG_FORMAT=json keeps them as they are. */
function formatLine(line) {
  if (env.LOG_FORMAT === 'json' || !line.startsWith('{')) return line;
  try {
    const { level, msg, time, pid, hostname, service, ...rest } = JSON.parse(line);
    const fields = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join(' ');
    const label = String(levels[level] ?? level ?? '').toUpperCase();
    return `${label.padEnd(5)} ${msg ?? ''} ${fields}`.trimEnd();
  } catch {
    return line;
  }
}

function prefixLines(stream, name, onLine) {
  const label = name.padEnd(15).slice(0, 15);
  createInterface({ input: stream }).on('line', (line) => {
    onLine?.(line);
    out(`${stamp()} ${label} | ${formatLine(line)}\n`);
  });
}

function start(name, script, childEnv, { args = [], onLine } = {}) {
  const child = spawn(localNode, [script, ...args], {
    cwd: root,
    env: { ...env, ...childEnv, NODE_OPTIONS: nodeOptions },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only this script, which stops things in order
    // (services drain and commit while the broker is still there).
    detached: true,
  });
  prefixLines(child.stdout, name, onLine);
  prefixLines(child.stderr, name, onLine);
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} exited on its own (${signal ?? `code ${code}`}); stopping the platform`);
      void stopAll(1);
    }
  });
  children.push({ name, child });
  return child;
}

function terminate(child, timeoutMs = 30_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  child.kill('SIGTERM');
  return child.exited.then(() => clearTimeout(killer));
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping: the services first, then the simulator, then the broker');
  const byName = (names) => children.filter((c) => names.includes(c.name));
  await Promise.all(
    byName(['gateway', 'producer', 'fixed-sink', 'coordinator']).map((c) => terminate(c.child)),
  );
  await Promise.all(byName(['simulator']).map((c) => terminate(c.child)));
  await Promise.all(byName(['infra']).map((c) => terminate(c.child, 60_000)));
  say('stopped; nothing left running');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
// Last resort if this script itself dies of an error: no orphans.
process.on('exit', () => {
  for (const { child } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
process.on('uncaughtException', (error) => {
  say(`error: ${error.stack ?? error.message}`);
  void stopAll(1);
});

// 4. Broker and database.
say('bringing up the broker and the database (packages/local-infra; the first run downloads Kafka)');
const infraEnv = await new Promise((resolve) => {
  const found = {};
  start(
    'infra',
    join(root, 'packages/local-infra/dist/cli.js'),
    {},
    {
      args: ['up'],
      onLine: (line) => {
        const m = /^(KAFKA_BROKERS|DATABASE_URL)=(.+)$/.exec(line);
        if (m) found[m[1]] = m[2];
        if (found.KAFKA_BROKERS && found.DATABASE_URL) resolve(found);
      },
    },
  );
});
let databaseUrl = infraEnv.DATABASE_URL;
if (!env.DATABASE_URL) {
  // The machine's server: the platform gets a database of its own rather than `postgres`.
  const require = createRequire(import.meta.url);
  const { createDatabase, databaseUrlFor } = require(join(root, 'packages/local-infra/dist/postgres.js'));
  databaseUrl = databaseUrlFor(infraEnv.DATABASE_URL, 'mdp');
  await createDatabase(infraEnv.DATABASE_URL, 'mdp').catch((error) => {
    if (!/already exists/.test(error.message)) throw error;
  });
}
const shownDatabase = databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
say(`broker ${infraEnv.KAFKA_BROKERS}, database ${shownDatabase}`);

// 5. Data sources, from one setting: PRODUCER_SOURCES (cryptocompare, coinbase, coindesk; one or
// several). Each runs against the simulator unless it can reach the real thing: CryptoCompare with
// CRYPTOCOMPARE_API_KEY, CoinDesk Data with COINDESK_API_KEY, Coinbase Exchange (keyless) with
// COINBASE_LIVE=true.
const pairs = env.PRODUCER_PAIRS ?? 'BTC-USD,ETH-USD,SOL-USD,BTC-EUR';
const sourceNames = (env.PRODUCER_SOURCES ?? 'cryptocompare')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter((s) => s.length > 0);
const coinbaseLive = /^(true|1|yes|on)$/i.test(env.COINBASE_LIVE ?? '');
const realAccess = {
  cryptocompare: apiKey ? 'CryptoCompare itself (CRYPTOCOMPARE_API_KEY is set)' : null,
  coindesk: env.COINDESK_API_KEY?.trim() ? 'the CoinDesk Data API itself (COINDESK_API_KEY is set)' : null,
  coinbase: coinbaseLive ? 'Coinbase Exchange itself (keyless, COINBASE_LIVE=true)' : null,
};
const simulated = sourceNames.filter((name) => !realAccess[name]);
for (const name of sourceNames)
  say(`source ${name}: ${realAccess[name] ?? 'the simulator (offline, seeded data)'}`);
let source = { PRODUCER_SOURCES: sourceNames.join(',') };
if (simulated.length > 0) {
  const simPairs = pairs.split(',').map((p) => p.trim().replace(/^[^:]*:/, ''));
  start(
    'simulator',
    join(root, 'packages/cryptocompare-simulator/dist/cli.js'),
    {},
    {
      args: ['--port', String(ports.simulator), '--pairs', simPairs.join(','), '--tick-rate', '2'],
    },
  );
  if (simulated.includes('cryptocompare'))
    source = {
      ...source,
      CRYPTOCOMPARE_BASE_URL: `http://127.0.0.1:${ports.simulator}`,
      CRYPTOCOMPARE_WS_URL: `ws://127.0.0.1:${ports.simulator}/v2`,
    };
  if (simulated.includes('coindesk'))
    source = {
      ...source,
      COINDESK_BASE_URL: `http://127.0.0.1:${ports.simulator}/coindesk`,
      COINDESK_WS_URL: `ws://127.0.0.1:${ports.simulator}/coindesk/streamer`,
    };
  if (simulated.includes('coinbase'))
    source = {
      ...source,
      COINBASE_REST_URL: `http://127.0.0.1:${ports.simulator}/coinbase`,
      COINBASE_WS_URL: `ws://127.0.0.1:${ports.simulator}/coinbase/ws`,
    };
}

// 6. The four services (variable names from each app's src/config.ts).
// Where the dashboard's pages come from: the gateway lets these origins call it (CORS).
const DASHBOARD_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'];
const adminToken = env.COORDINATOR_ADMIN_TOKEN || randomBytes(16).toString('hex');
const demoKey = env.GATEWAY_API_KEYS ? undefined : `demo-${randomBytes(12).toString('hex')}`;
const common = { KAFKA_BROKERS: infraEnv.KAFKA_BROKERS };
start('coordinator', join(root, 'apps/coordinator/dist/main.js'), {
  ...common,
  HTTP_PORT: String(ports.coordinator),
  COORDINATOR_ADMIN_TOKEN: adminToken,
});
start('fixed-sink', join(root, 'apps/fixed-sink/dist/main.js'), {
  ...common,
  HTTP_PORT: String(ports.sink),
  DATABASE_URL: databaseUrl,
  SINK_ADMIN_TOKEN: env.SINK_ADMIN_TOKEN || adminToken,
});
start('producer', join(root, 'apps/producer/dist/main.js'), {
  ...common,
  ...source,
  HTTP_PORT: String(ports.producer),
  PRODUCER_PAIRS: pairs,
  PRODUCER_ADMIN_TOKEN: env.PRODUCER_ADMIN_TOKEN || adminToken,
});
const webhookPrivate = env.WEBHOOK_ALLOW_PRIVATE_HOSTS ?? 'true';
start('gateway', join(root, 'apps/dynamic-gateway/dist/main.js'), {
  ...common,
  HTTP_PORT: String(ports.gateway),
  ...(demoKey ? { GATEWAY_API_KEYS: `${demoKey}:demo-app` } : {}),
  GATEWAY_ADMIN_TOKEN: env.GATEWAY_ADMIN_TOKEN || adminToken,
  GATEWAY_CORS_ORIGINS: env.GATEWAY_CORS_ORIGINS || DASHBOARD_ORIGINS.join(','),
  // One signing key for this run: a page's token outlives a gateway restart.
  GATEWAY_TOKEN_SECRET: env.GATEWAY_TOKEN_SECRET || randomBytes(32).toString('hex'),
  // Local development: a webhook receiver on localhost must work (production keeps the default, false).
  WEBHOOK_ALLOW_PRIVATE_HOSTS: webhookPrivate,
  // History and snapshots read the sink's database (read-only sessions; a dedicated role in production).
  HISTORY_DATABASE_URL: env.HISTORY_DATABASE_URL || databaseUrl,
});

// 7. Ready: every /readyz answers 200. Then where things are.
const services = {
  gateway: ports.gateway,
  producer: ports.producer,
  coordinator: ports.coordinator,
  'fixed-sink': ports.sink,
};
const ready = async (port) => {
  try {
    return (
      (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) })).status === 200
    );
  } catch {
    return false;
  }
};
const deadline = Date.now() + 120_000;
let notReady = Object.keys(services);
while (notReady.length > 0 && Date.now() < deadline && !stopping) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const states = await Promise.all(notReady.map(async (name) => [name, await ready(services[name])]));
  notReady = states.filter(([, ok]) => !ok).map(([name]) => name);
}
if (stopping) await new Promise(() => {});
const key = demoKey ?? '<a key from GATEWAY_API_KEYS>';
const spec = encodeURIComponent(JSON.stringify({ kind: 'ticks', symbols: ['BTC'], quote: 'USD' }));
say(`${notReady.length === 0 ? 'platform ready' : `still not ready after 2 min: ${notReady.join(', ')}`}
  applications  http://127.0.0.1:${ports.gateway}  (SSE /v1/stream/sse, WebSocket /v1/ws, webhooks /v1/webhooks, topics /v1/topics)
  api key       ${key}   (app id demo-app; header Authorization: Bearer <key>)
  browsers      pages from ${env.GATEWAY_CORS_ORIGINS || DASHBOARD_ORIGINS.join(', ')} may call the gateway; POST /v1/tokens buys them a short-lived token
  admin API     http://127.0.0.1:${ports.coordinator}/admin/topics   token ${env.COORDINATOR_ADMIN_TOKEN ? '$COORDINATOR_ADMIN_TOKEN' : adminToken}
  machines      http://127.0.0.1:${ports.gateway}/admin/machines   (each service has it on its metrics port; the admin token unless set per service)
  metrics       http://127.0.0.1:${ports.producer}/metrics (producer)  :${ports.coordinator}/metrics (coordinator)  :${ports.sink}/metrics (fixed-sink)  :${ports.gateway}/metrics (gateway)
  database      ${shownDatabase}   (tables ticks, candles_1m)
  broker        ${infraEnv.KAFKA_BROKERS}${simulated.length === 0 ? '' : `\n  simulator     http://127.0.0.1:${ports.simulator}  (ground truth /_sim/emitted, faults /_sim/faults)`}
  webhooks      targets on localhost/private networks ${/^(true|1|yes|on)$/i.test(webhookPrivate) ? 'allowed' : 'refused'} (WEBHOOK_ALLOW_PRIVATE_HOSTS=${webhookPrivate}${/^(true|1|yes|on)$/i.test(webhookPrivate) ? ', for local development only' : ''})
  try it        curl -N -H 'Authorization: Bearer ${key}' 'http://127.0.0.1:${ports.gateway}/v1/stream/sse?spec=${spec}'
  Ctrl-C stops everything.`);
