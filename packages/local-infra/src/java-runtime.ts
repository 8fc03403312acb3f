import { join } from 'node:path';
import { runCommand } from './run-command';

/** Kafka 4.x brokers need Java 17 or newer. */
export const MIN_JAVA_MAJOR = 17;

/** JAVA_HOME's java when set, else the one on PATH. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Major version from `java -version` output: `"17.0.15"` -> 17, legacy `"1.8.0_392"` -> 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Fails early with an actionable message instead of a broker that dies on start. */
export async function assertJavaUsable(java: string): Promise<void> {
  const result = await runCommand(java, ['-version']).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new Error(
        `Java not found (${java}): the local Kafka broker needs Java ${MIN_JAVA_MAJOR}+ ` +
          '(e.g. apt-get install openjdk-17-jre-headless), or set KAFKA_BROKERS, or run Docker.',
      );
    }
    throw error;
  });
  const major = parseJavaMajor(result.output);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new Error(
      `the local Kafka broker needs Java ${MIN_JAVA_MAJOR}+, but ${java} reports: ${result.output.trim()}`,
    );
  }
}
