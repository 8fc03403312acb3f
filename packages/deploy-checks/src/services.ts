/** What the deployment files must agree on for each image the platform builds. */
export type ImageSpec = Readonly<{
  /** Name used by compose, Kubernetes and the CI pipelines. */
  name: string;
  /** Workspace package name. */
  pkg: string;
  /** Workspace folder, relative to the repository root. */
  dir: string;
  /** HTTP port of /healthz, /readyz (and /metrics for the services): docs/protocol.md. */
  port: number;
  /** The environment variable that sets that port. */
  portEnv: string;
  /** Where the image's settings are validated: a module exporting a loader of the environment. */
  config: Readonly<{ source: string; module: string; loader: 'loadConfig' | 'loadCliOptions' }>;
}>;

const SERVICE_CONFIG = { source: 'src/config.ts', module: 'config', loader: 'loadConfig' } as const;

/** The four deployable services. */
export const APPS: readonly ImageSpec[] = [
  {
    name: 'producer',
    pkg: '@mdp/producer',
    dir: 'apps/producer',
    port: 9101,
    portEnv: 'HTTP_PORT',
    config: SERVICE_CONFIG,
  },
  {
    name: 'coordinator',
    pkg: '@mdp/coordinator',
    dir: 'apps/coordinator',
    port: 9102,
    portEnv: 'HTTP_PORT',
    config: SERVICE_CONFIG,
  },
  {
    name: 'fixed-sink',
    pkg: '@mdp/fixed-sink',
    dir: 'apps/fixed-sink',
    port: 9103,
    portEnv: 'HTTP_PORT',
    config: SERVICE_CONFIG,
  },
  {
    name: 'dynamic-gateway',
    pkg: '@mdp/dynamic-gateway',
    dir: 'apps/dynamic-gateway',
    port: 8080,
    portEnv: 'HTTP_PORT',
    config: SERVICE_CONFIG,
  },
];

/** The CryptoCompare stand-in, which compose runs for a producer without a CryptoCompare key. */
export const SIMULATOR: ImageSpec = {
  name: 'cryptocompare-simulator',
  pkg: '@mdp/cryptocompare-simulator',
  dir: 'packages/cryptocompare-simulator',
  port: 8090,
  portEnv: 'SIM_PORT',
  // Its CLI reads flags and SIM_* variables (flags win); the image passes none.
  config: { source: 'src/cli-config.ts', module: 'cli-config', loader: 'loadCliOptions' },
};

export const IMAGES: readonly ImageSpec[] = [...APPS, SIMULATOR];

export function dockerfileOf(image: ImageSpec): string {
  return `${image.dir}/Dockerfile`;
}
