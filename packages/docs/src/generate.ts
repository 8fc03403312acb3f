import { apiDocuments } from '@mdp/dynamic-gateway/api-doc';
import { configurationReference } from './config-reference';
import { deviationsMarkdown } from './deviations-md';
import { machineToDot } from './machine-to-dot';
import { DIAGRAMS, type Diagram, loadMachine } from './machines';
import { SERVICES, type Service, seedChart } from './seed-charts';
import { SERVICE_COLORS } from './service-colors';
import { systemDot } from './system-dot';

const isService = (diagram: Diagram): diagram is Service => (SERVICES as readonly string[]).includes(diagram);

const GATEWAY_ROOT_NOTE =
  'The seed has no chart for the gateway root: all of it is beyond the seed. ' +
  'Each topic reader it spawns is dynamic-gateway.svg.';

/** Every diagram's DOT, by file base name (`producer`, ..., `system`). */
export function generateDots(): Record<string, string> {
  const dots: Record<string, string> = {};
  for (const diagram of DIAGRAMS) {
    const machine = loadMachine(diagram);
    dots[diagram] = isService(diagram)
      ? machineToDot(machine, { color: SERVICE_COLORS[diagram], seed: seedChart(diagram) })
      : machineToDot(machine, { color: SERVICE_COLORS['dynamic-gateway'], note: GATEWAY_ROOT_NOTE });
  }
  dots.system = systemDot();
  return dots;
}

/** Every generated text file, by path under docs/ (the SVGs are rendered from the DOT by the CLI). */
export function generatedTexts(): Record<string, string> {
  const files: Record<string, string> = {
    'configuration.md': configurationReference(),
    'diagrams/deviations.md': deviationsMarkdown(),
    // The gateway serves the same documents at /v1/openapi.json and /v1/asyncapi.json.
    'api/openapi.json': `${JSON.stringify(apiDocuments().openapi, null, 2)}\n`,
    'api/asyncapi.json': `${JSON.stringify(apiDocuments().asyncapi, null, 2)}\n`,
  };
  for (const [name, dot] of Object.entries(generateDots())) files[`diagrams/${name}.dot`] = dot;
  return files;
}
