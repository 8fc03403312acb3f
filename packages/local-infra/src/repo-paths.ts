import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Paths of the project's broker recipe (infra/kafka), found from this file, built or not. */
export interface KafkaInfraPaths {
  readonly infraDir: string;
  readonly pomFile: string;
  readonly log4jConfigFile: string;
  readonly libRoot: string;
}

/** Walks up from `startDir` to the folder that holds infra/kafka/pom.xml (the repository root). */
export function findKafkaInfraPaths(startDir: string = __dirname): KafkaInfraPaths {
  let dir = startDir;
  for (;;) {
    const infraDir = join(dir, 'infra', 'kafka');
    if (existsSync(join(infraDir, 'pom.xml'))) {
      return {
        infraDir,
        pomFile: join(infraDir, 'pom.xml'),
        log4jConfigFile: join(infraDir, 'log4j2.properties'),
        libRoot: join(infraDir, 'lib'),
      };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`infra/kafka/pom.xml not found above ${startDir}`);
    dir = parent;
  }
}
