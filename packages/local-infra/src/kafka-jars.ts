import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Progress } from './progress';
import type { KafkaInfraPaths } from './repo-paths';
import { runCommand, tailLines } from './run-command';

/** Written last, so a download cut short is never mistaken for a complete one. */
const COMPLETE_MARKER = '.complete';

export function kafkaLibDir(paths: KafkaInfraPaths, version: string): string {
  return join(paths.libRoot, version);
}

/**
 * Makes sure infra/kafka/lib/<version>/ holds the broker's runtime jars, running Maven only
 * when they are missing. Maven writes into a private folder that is renamed into place, so
 * two test runs starting at once never see (or write) a half-filled folder.
 */
export async function ensureKafkaJars(
  paths: KafkaInfraPaths,
  version: string,
  progress: Progress,
): Promise<string> {
  const libDir = kafkaLibDir(paths, version);
  if (existsSync(join(libDir, COMPLETE_MARKER))) return libDir;

  const stagingDir = join(paths.libRoot, `.staging-${process.pid}-${Date.now()}`);
  await mkdir(paths.libRoot, { recursive: true });
  progress(
    `fetching Apache Kafka ${version} jars from Maven Central into ${libDir} (first run only, ~45 MB)`,
  );
  const started = Date.now();
  const args = [
    '-q',
    '-B',
    '-f',
    paths.pomFile,
    'dependency:copy-dependencies',
    `-Dkafka.lib.dir=${stagingDir}`,
  ];
  const result = await runCommand('mvn', args, {
    onTick: (elapsedMs) => progress(`still fetching Kafka jars (${Math.round(elapsedMs / 1000)} s)`),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new Error(
        'Maven (mvn) is not on PATH: the local Kafka broker is fetched by Maven. Install Java 17+ and Maven ' +
          '(e.g. apt-get install openjdk-17-jre-headless maven), or set KAFKA_BROKERS, or run Docker.',
      );
    }
    throw error;
  });
  if (result.code !== 0) {
    await rm(stagingDir, { recursive: true, force: true });
    throw new Error(
      `mvn could not fetch the Kafka jars (exit ${result.code}):\n${tailLines(result.output, 30)}`,
    );
  }
  await writeFile(join(stagingDir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  // A folder without the marker is a leftover (a manual mvn run or an old crash): replace it.
  if (existsSync(libDir) && !existsSync(join(libDir, COMPLETE_MARKER))) {
    await rm(libDir, { recursive: true, force: true });
  }
  try {
    await rename(stagingDir, libDir);
  } catch (error) {
    // Another run finished first: its copy is as good as ours.
    await rm(stagingDir, { recursive: true, force: true });
    if (!existsSync(join(libDir, COMPLETE_MARKER))) throw error;
  }
  progress(`Kafka ${version} jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return libDir;
}
