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
  };
  for (const [name, dot] of Object.entries(generateDots())) files[`diagrams/${name}.dot`] = dot;
  return files;
}
