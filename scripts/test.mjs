#!/usr/bin/env node
// `npm test`: build, bring a real broker and PostgreSQL up ONCE, run every workspace's tests
// against them one package at a time, always tear down, and end with one plain line:
// `N passed, N failed`. Extra arguments go to turbo, e.g. `npm test -- --filter=@mdp/runtime`.
// When KAFKA_BROKERS and DATABASE_URL are already set, those are used and nothing is started.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const turboArgs = process.argv.slice(2);
const say = (line) => process.stdout.write(`[test] ${line}\n`);
// kafkajs 2.2.4 sets a negative timeout on Node >= 23: harmless, but it warns in every process.
// (turbo passes NODE_OPTIONS through by default.)
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read only to extend it, see above
const quietNodeOptions = [process.env.NODE_OPTIONS, '--disable-warning=TimeoutNegativeWarning']
  .filter(Boolean)
  .join(' ');
let current; // the child a signal should be forwarded to
let interrupted = false;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    say(`${signal}: stopping`);
    current?.kill(signal);
  });
}

/** The turbo --filter/-F values that select packages (an exclusion alone keeps all others). */
function positiveFilters(args) {
  const values = args.flatMap((arg, i) => {
    if (arg.startsWith('--filter=')) return [arg.slice('--filter='.length)];
    if ((arg === '--filter' || arg === '-F') && args[i + 1] !== undefined) return [args[i + 1]];
    return [];
  });
  return values.filter((value) => !value.startsWith('!'));
}

/** Runs a command with inherited output; resolves with its exit code. */
function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    current = child;
    child.once('error', (error) => {
      say(`${command}: ${error.message}`);
      resolve(1);
    });
    child.once('close', (code, signal) => {
      if (current === child) current = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Starts `local-infra up` and resolves with the env it prints, once both variables are there. */
function startInfra() {
  // stdin stays an open pipe: should this script die in any way, the CLI sees it close and stops.
  const cli = spawn(
    process.execPath,
    [join(root, 'packages/local-infra/dist/cli.js'), 'up', '--until-stdin-closes'],
    {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: quietNodeOptions },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const stopped = new Promise((resolve) => cli.once('close', (code) => resolve(code)));
  const ready = new Promise((resolve, reject) => {
    const found = {};
    createInterface({ input: cli.stdout }).on('line', (line) => {
      const match = /^(KAFKA_BROKERS|DATABASE_URL)=(.*)$/.exec(line);
      if (match) found[match[1]] = match[2];
      if (found.KAFKA_BROKERS && found.DATABASE_URL) resolve(found);
    });
    stopped.then((code) => reject(new Error(`local-infra exited (code ${code}) before it was ready`)));
  });
  const stop = async () => {
    if (cli.exitCode !== null || cli.signalCode !== null) return;
    cli.kill('SIGTERM');
    const timer = setTimeout(() => cli.kill('SIGKILL'), 60_000);
    const code = await stopped;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`local-infra stopped with code ${code}`);
  };
  return { ready, stop, cli };
}

/** Sums what each workspace's jest wrote through @mdp/jest-preset's results reporter. */
function summarize(resultsDir) {
  const files = readdirSync(resultsDir).filter((name) => name.endsWith('.json'));
  const totals = { passed: 0, failed: 0 };
  for (const file of files.sort()) {
    const result = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    const failed = result.failed + result.brokenSuites;
    totals.passed += result.passed;
    totals.failed += failed;
    const broken = result.brokenSuites > 0 ? ` (${result.brokenSuites} suite(s) failed to run)` : '';
    say(`${result.package}: ${result.passed} passed, ${failed} failed${broken}`);
    // Passed on their second run in CI (packages/jest-preset/retry-in-ci.js): named, never hidden.
    for (const name of result.flaky ?? []) say(`${result.package}: flaky (passed on retry): ${name}`);
  }
  return totals;
}

async function main() {
  // The infra CLI runs from local-infra's build, so it is always among what gets built.
  const buildArgs = ['run', 'build', ...turboArgs];
  const filters = positiveFilters(turboArgs);
  if (filters.length > 0 && !filters.includes('@mdp/local-infra'))
    buildArgs.push('--filter=@mdp/local-infra');
  say(`turbo ${buildArgs.join(' ')}`);
  const buildCode = await run('turbo', buildArgs);
  if (buildCode !== 0 || interrupted) {
    say(`build failed (exit ${buildCode}): no tests ran`);
    process.stdout.write('0 passed, 0 failed\n');
    return buildCode || 1;
  }

  const resultsDir = mkdtempSync(join(tmpdir(), 'mdp-test-results-'));
  let infra;
  let infraEnv = {};
  let testCode = 1;
  try {
    if (process.env.KAFKA_BROKERS && process.env.DATABASE_URL) {
      say('using KAFKA_BROKERS and DATABASE_URL from the environment');
    } else {
      say('starting the broker and PostgreSQL (packages/local-infra)');
      infra = startInfra();
      current = infra.cli;
      infraEnv = await infra.ready;
      current = undefined;
      say(`KAFKA_BROKERS=${infraEnv.KAFKA_BROKERS} DATABASE_URL=${infraEnv.DATABASE_URL}`);
    }
    const env = {
      ...process.env,
      ...infraEnv,
      MDP_JEST_RESULTS_DIR: resultsDir,
      NODE_OPTIONS: quietNodeOptions,
    };
    const testArgs = ['run', 'test', '--concurrency=1', '--continue', ...turboArgs];
    say(`turbo ${testArgs.join(' ')}`);
    if (!interrupted) testCode = await run('turbo', testArgs, env);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
  } finally {
    if (infra) {
      say('stopping the broker');
      await infra.stop().catch((error) => {
        say(`teardown: ${error.message}`);
        if (testCode === 0) testCode = 1;
      });
    }
  }

  const totals = summarize(resultsDir);
  rmSync(resultsDir, { recursive: true, force: true });
  if (testCode !== 0 && totals.failed === 0)
    say(`turbo exited with ${testCode} although no test failed: see the log above`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
  return testCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
