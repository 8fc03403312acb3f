import { machineToDot } from './machine-to-dot';
import { loadMachine } from './machines';
import { SERVICES } from './seed-charts';
import { systemDot } from './system-dot';

const COLORS = {
  producer: 'lightblue',
  coordinator: 'lightgreen',
  'fixed-sink': 'lightcoral',
  'dynamic-gateway': 'lightseagreen',
};

/** Every diagram's DOT, by file base name (`producer`, ..., `system`). */
export function generateDots(): Record<string, string> {
  const dots: Record<string, string> = {};
  for (const service of SERVICES) dots[service] = machineToDot(loadMachine(service), COLORS[service]);
  dots.system = systemDot();
  return dots;
}
