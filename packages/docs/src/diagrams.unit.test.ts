import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDots } from './generate';
import { chartOf } from './machine-to-dot';
import { loadMachine } from './machines';
import { SERVICES } from './seed-charts';

const DOCS = join(__dirname, '..', '..', '..', 'docs', 'diagrams');

describe('committed diagrams', () => {
  const dots = generateDots();

  it.each(Object.keys(dots))(
    'docs/diagrams/%s.dot is what the machine generates (run npm run diagrams)',
    (name) => {
      expect(readFileSync(join(DOCS, `${name}.dot`), 'utf8')).toBe(dots[name]);
    },
  );

  it.each(SERVICES)('docs/diagrams/%s.svg shows every state', (service) => {
    const svg = readFileSync(join(DOCS, `${service}.svg`), 'utf8');
    for (const state of chartOf(loadMachine(service)).states) expect(svg).toContain(`>${state}`);
  });
});
