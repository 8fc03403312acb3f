import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_DIR_PREFIX, reapOrphanedBrokers, recordOwnership } from './orphan-reaper';

let tempDir: string;

beforeEach(() => {
  tempDir = mkdtempSync(join(tmpdir(), 'mdp-reaper-test-'));
});

afterEach(() => {
  rmSync(tempDir, { recursive: true, force: true });
});

/** The pid of a process that has already exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(result.stdout.toString());
}

test('removes folders whose owner is gone, keeps those of live owners and foreign folders', async () => {
  const orphan = join(tempDir, `${BROKER_DIR_PREFIX}orphan`);
  const ours = join(tempDir, `${BROKER_DIR_PREFIX}ours`);
  const foreign = join(tempDir, 'someone-else');
  for (const dir of [orphan, ours, foreign]) mkdirSync(dir);
  writeFileSync(join(orphan, 'owner.json'), JSON.stringify({ ownerPid: deadPid(), brokerPid: null }));
  await recordOwnership(ours, null);
  writeFileSync(join(foreign, 'owner.json'), JSON.stringify({ ownerPid: deadPid(), brokerPid: null }));

  expect(await reapOrphanedBrokers(tempDir)).toBe(1);
  expect([existsSync(orphan), existsSync(ours), existsSync(foreign)]).toEqual([false, true, true]);
});

test('never kills a live process that is not a broker on that folder', async () => {
  const orphan = join(tempDir, `${BROKER_DIR_PREFIX}pid-reused`);
  mkdirSync(orphan);
  // The "broker" pid is this very test process: reused pids must survive.
  writeFileSync(join(orphan, 'owner.json'), JSON.stringify({ ownerPid: deadPid(), brokerPid: process.pid }));
  expect(await reapOrphanedBrokers(tempDir)).toBe(1);
  expect(existsSync(orphan)).toBe(false);
});
