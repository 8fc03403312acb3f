/** What the deployment files must agree on for each image the platform builds. */
export type ImageSpec = Readonly<{
  /** Name used by compose, Kubernetes and the CI pipelines. */
  name: string;
  /** Workspace package name. */
  pkg: string;
  /** Workspace folder, relative to the repository root. */
  dir: string;
  /** HTTP port of /healthz, /readyz and /metrics (docs/protocol.md). */
  port: number;
}>;

/** The four deployable services. */
export const APPS: readonly ImageSpec[] = [
  { name: 'producer', pkg: '@mdp/producer', dir: 'apps/producer', port: 9101 },
  { name: 'coordinator', pkg: '@mdp/coordinator', dir: 'apps/coordinator', port: 9102 },
  { name: 'fixed-sink', pkg: '@mdp/fixed-sink', dir: 'apps/fixed-sink', port: 9103 },
  { name: 'dynamic-gateway', pkg: '@mdp/dynamic-gateway', dir: 'apps/dynamic-gateway', port: 8080 },
];

/** The CryptoCompare stand-in, an image for the offline compose profile only. */
export const SIMULATOR: ImageSpec = {
  name: 'cryptocompare-simulator',
  pkg: '@mdp/cryptocompare-simulator',
  dir: 'packages/cryptocompare-simulator',
  port: 8090,
};

export const IMAGES: readonly ImageSpec[] = [...APPS, SIMULATOR];

export function dockerfileOf(image: ImageSpec): string {
  return `${image.dir}/Dockerfile`;
}
