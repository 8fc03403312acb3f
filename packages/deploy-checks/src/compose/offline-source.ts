import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asArray } from '../records';
import { checkServiceEnv } from '../service-config';
import { APPS, SIMULATOR } from '../services';
import { type ComposeModel, dependencies, profiles, serviceEnvironment } from './compose-file';

const PRODUCER = APPS.find((a) => a.name === 'producer');

/**
 * The environment the producer's process starts with: its compose `command` run by `sh` as the
 * container would, with its compose environment, up to the `exec node`, where a stand-in `node`
 * prints what it was given. Without a command, the compose environment itself.
 */
export function producerProcessEnv(model: ComposeModel): Record<string, string> {
  const service = model.services.producer ?? {};
  const env = serviceEnvironment(service);
  const command = asArray(service.command).map(String);
  if (command.length === 0) return env;
  const dir = mkdtempSync(join(tmpdir(), 'producer-command-'));
  try {
    const fakeNode = join(dir, 'node');
    writeFileSync(fakeNode, `#!${process.execPath}\nprocess.stdout.write(JSON.stringify(process.env));\n`);
    chmodSync(fakeNode, 0o755);
    const [program = '', ...args] = command;
    const run = spawnSync(program, args, { encoding: 'utf8', env: { ...env, PATH: `${dir}:/usr/bin:/bin` } });
    if (run.status !== 0) throw new Error(`the producer's command failed: ${run.stderr}`);
    const started = JSON.parse(run.stdout) as Record<string, string>;
    delete started.PATH;
    delete started.PWD;
    delete started.SHLVL;
    delete started._;
    return started;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * With no CryptoCompare key the producer reads the simulator (which then runs, healthy, before it)
 * instead of CryptoCompare, which refuses keyless calls; its environment still passes its config.
 */
export function offlineSourceProblems(model: ComposeModel): string[] {
  if (!PRODUCER) return ['no producer in the service table'];
  const problems: string[] = [];
  const env = producerProcessEnv(model);
  const simulator = `${SIMULATOR.name}:${SIMULATOR.port}`;
  if (env.CRYPTOCOMPARE_BASE_URL !== `http://${simulator}`)
    problems.push(
      `producer: reads ${env.CRYPTOCOMPARE_BASE_URL ?? 'the default'}, not the simulator, with no key`,
    );
  if (env.CRYPTOCOMPARE_WS_URL !== `ws://${simulator}/v2`)
    problems.push(
      `producer: streams from ${env.CRYPTOCOMPARE_WS_URL ?? 'the default'}, not the simulator, with no key`,
    );
  const verdict = checkServiceEnv(PRODUCER, env);
  if (verdict.status !== 'ok')
    problems.push(`producer: its loadConfig does not accept the offline env: ${JSON.stringify(verdict)}`);
  const sim = model.services[SIMULATOR.name];
  if (!sim || profiles(sim).length > 0) problems.push(`${SIMULATOR.name}: must run without a profile`);
  const dep = dependencies(model.services.producer ?? {}).find((d) => d.service === SIMULATOR.name);
  if (dep?.condition !== 'service_healthy')
    problems.push(`producer: must wait for a healthy ${SIMULATOR.name}`);
  return problems;
}
