import { randomBytes } from 'node:crypto';
import { runCommand, tailLines } from './run-command';

/**
 * A KRaft cluster id in Kafka's own format (16 random bytes, URL-safe base64, no padding),
 * made here to save a JVM start. Kafka rejects ids that start with '-' (they read as options).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export interface FormatStorageInput {
  readonly java: string;
  readonly classpath: string;
  readonly log4jConfigFile: string;
  readonly propertiesFile: string;
  readonly clusterId: string;
  /** More `format` arguments, e.g. `--add-scram` credentials of a secured cluster. */
  readonly extraArgs?: readonly string[];
}

/** `kafka-storage format`: writes meta.properties and the bootstrap metadata into log.dirs. */
export async function formatStorage(input: FormatStorageInput): Promise<void> {
  const args = [
    '-Xmx256m',
    // The formatter runs once and briefly: skip the optimising JIT tiers.
    '-XX:TieredStopAtLevel=1',
    `-Dlog4j2.configurationFile=${input.log4jConfigFile}`,
    '-cp',
    input.classpath,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    input.clusterId,
    '-c',
    input.propertiesFile,
    ...(input.extraArgs ?? []),
  ];
  const result = await runCommand(input.java, args);
  if (result.code !== 0) {
    throw new Error(`kafka-storage format failed (exit ${result.code}):\n${tailLines(result.output, 30)}`);
  }
}
