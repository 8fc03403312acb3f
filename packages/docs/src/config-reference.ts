import { type ConfigShape, configMarkdownTable } from '@mdp/runtime/config';
import { SERVICES, type Service } from './seed-charts';

function isShape(value: unknown): value is ConfigShape {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `configShape` every service's `config` module exports. */
function shapeOf(module: Record<string, unknown>, service: Service): ConfigShape {
  if (!isShape(module.configShape)) throw new Error(`${service}: its config module exports no configShape`);
  return module.configShape as ConfigShape;
}

function loadShape(service: Service): ConfigShape {
  switch (service) {
    case 'producer':
      return shapeOf(require('@mdp/producer/config'), service);
    case 'coordinator':
      return shapeOf(require('@mdp/coordinator/config'), service);
    case 'fixed-sink':
      return shapeOf(require('@mdp/fixed-sink/config'), service);
    case 'dynamic-gateway':
      return shapeOf(require('@mdp/dynamic-gateway/config'), service);
  }
}

/** docs/configuration.md: every environment variable of every service, from the schemas themselves. */
export function configurationReference(): string {
  const sections = SERVICES.map((service) => `## ${service}\n\n${configMarkdownTable(loadShape(service))}\n`);
  return [
    '# Configuration reference',
    '',
    "Generated from the services' config schemas (`npm run docs -w @mdp/docs`); a test fails when it is stale.",
    'Each service reads its environment once at start and reports every problem at once. Durations are',
    'integer milliseconds in variables named `..._MS`; the `KAFKA_*` variables mean the same in every service;',
    'a renamed variable still set under its old name is refused with its new name; secrets are never logged.',
    '',
    ...sections,
  ].join('\n');
}
