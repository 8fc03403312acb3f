import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerSocketCandidates, findDockerHost } from './docker';

let dir: string;
let server: Server | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mdp-docker-test-'));
});

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in engine: answers GET /_ping like the Docker API does. */
function fakeEngine(socketPath: string, status: number): Promise<void> {
  server = createServer((req, res) => {
    res.statusCode = req.url === '/_ping' ? status : 404;
    res.end('OK');
  });
  return new Promise((resolve) => server?.listen(socketPath, resolve));
}

test('socket candidates include the system socket and the per-user ones', () => {
  const candidates = dockerSocketCandidates({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/dev');
  expect(candidates).toEqual(
    expect.arrayContaining([
      '/var/run/docker.sock',
      '/home/dev/.docker/run/docker.sock',
      '/home/dev/.colima/default/docker.sock',
      '/run/user/1000/docker.sock',
    ]),
  );
});

test('DOCKER_HOST pointing at an engine that answers /_ping is used', async () => {
  const socketPath = join(dir, 'docker.sock');
  await fakeEngine(socketPath, 200);
  expect(await findDockerHost({ DOCKER_HOST: `unix://${socketPath}` })).toBe(`unix://${socketPath}`);
});

test('a socket file whose engine does not answer, or no socket at all, means no Docker', async () => {
  const socketPath = join(dir, 'docker.sock');
  await fakeEngine(socketPath, 500);
  expect(await findDockerHost({ DOCKER_HOST: `unix://${socketPath}` })).toBeUndefined();
  expect(await findDockerHost({ DOCKER_HOST: `unix://${join(dir, 'missing.sock')}` })).toBeUndefined();
  expect(await findDockerHost({ DOCKER_HOST: 'tcp://127.0.0.1:1' }, 500)).toBeUndefined();
});
