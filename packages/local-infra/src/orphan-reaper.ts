import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every local broker's data folder in the temp dir starts with this. */
export const BROKER_DIR_PREFIX = 'mdp-kafka-';
const OWNER_FILE = 'owner.json';

interface Ownership {
  readonly ownerPid: number;
  readonly brokerPid: number | null;
}

/** Records which Node process owns the broker, so a later run can clean up after a crash. */
export async function recordOwnership(dataDir: string, brokerPid: number | null): Promise<void> {
  const ownership: Ownership = { ownerPid: process.pid, brokerPid };
  await writeFile(join(dataDir, OWNER_FILE), JSON.stringify(ownership));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Only a JVM running kafka.Kafka on this very folder may be killed (pids get reused). */
async function isOurBroker(pid: number, dataDir: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes('kafka.Kafka') && cmdline.includes(dataDir);
}

/**
 * Kills brokers whose owning Node process died without stopping them (a crashed or
 * SIGKILLed test run) and removes their folders. Returns how many folders it cleaned.
 */
export async function reapOrphanedBrokers(tempDir: string): Promise<number> {
  const entries = await readdir(tempDir).catch(() => [] as string[]);
  let reaped = 0;
  for (const entry of entries.filter((name) => name.startsWith(BROKER_DIR_PREFIX))) {
    const dataDir = join(tempDir, entry);
    const text = await readFile(join(dataDir, OWNER_FILE), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let ownership: Ownership;
    try {
      ownership = JSON.parse(text) as Ownership;
    } catch {
      continue;
    }
    if (typeof ownership.ownerPid !== 'number' || isAlive(ownership.ownerPid)) continue;
    const brokerPid = ownership.brokerPid;
    if (typeof brokerPid === 'number' && isAlive(brokerPid) && (await isOurBroker(brokerPid, dataDir))) {
      process.kill(brokerPid, 'SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
    reaped += 1;
  }
  return reaped;
}
