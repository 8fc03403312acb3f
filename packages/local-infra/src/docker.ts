import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Docker Engine, Docker Desktop, rootless Docker, Colima and Rancher Desktop put their socket. */
export function dockerSocketCandidates(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string[] {
  const candidates = [
    '/var/run/docker.sock',
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    join(home, '.colima', 'default', 'docker.sock'),
    join(home, '.rd', 'docker.sock'),
  ];
  if (env.XDG_RUNTIME_DIR) candidates.push(join(env.XDG_RUNTIME_DIR, 'docker.sock'));
  return candidates;
}

/** GET /_ping on the Docker API, over a unix socket or TCP; false on any error or after `timeoutMs`. */
function ping(
  target: { socketPath: string } | { host: string; port: number },
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/**
 * The DOCKER_HOST of an engine that answers a ping right now, or undefined. Quick and
 * silent: on a machine without Docker it only checks that a few files do not exist.
 */
export async function findDockerHost(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 1500,
): Promise<string | undefined> {
  const configured = env.DOCKER_HOST;
  if (configured) {
    const url = new URL(configured);
    if (url.protocol === 'unix:')
      return (await ping({ socketPath: url.pathname }, timeoutMs)) ? configured : undefined;
    // A TLS-protected TCP engine cannot be pinged without its certificates: trust the setting.
    if (env.DOCKER_TLS_VERIFY) return configured;
    const port = Number(url.port || 2375);
    return (await ping({ host: url.hostname, port }, timeoutMs)) ? configured : undefined;
  }
  for (const socketPath of dockerSocketCandidates(env)) {
    if (existsSync(socketPath) && (await ping({ socketPath }, timeoutMs))) return `unix://${socketPath}`;
  }
  return undefined;
}
