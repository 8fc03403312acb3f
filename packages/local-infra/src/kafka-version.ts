import { readFileSync } from 'node:fs';

/** The pinned broker version: the pom is the one place it is written down. */
export function readPinnedKafkaVersion(pomFile: string): string {
  return parseKafkaVersion(readFileSync(pomFile, 'utf8'), pomFile);
}

export function parseKafkaVersion(pomText: string, source = 'pom.xml'): string {
  const match = /<kafka\.version>\s*([0-9][0-9A-Za-z.-]*)\s*<\/kafka\.version>/.exec(pomText);
  if (!match?.[1]) throw new Error(`no <kafka.version> property in ${source}`);
  return match[1];
}
