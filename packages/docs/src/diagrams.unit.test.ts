import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedTexts } from './generate';
import { chartOf } from './machine-to-dot';
import { DIAGRAMS, loadMachine } from './machines';

const DOCS = join(__dirname, '..', '..', '..', 'docs');

describe('committed generated docs', () => {
  const files = generatedTexts();

  it.each(Object.keys(files).filter((f) => f !== 'configuration.md'))(
    'docs/%s is what the code generates (run npm run docs -w @mdp/docs)',
    (file) => {
      expect(readFileSync(join(DOCS, file), 'utf8')).toBe(files[file]);
    },
  );

  it.each(DIAGRAMS)('docs/diagrams/%s.svg shows every state', (diagram) => {
    const svg = readFileSync(join(DOCS, 'diagrams', `${diagram}.svg`), 'utf8');
    for (const state of chartOf(loadMachine(diagram)).states) expect(svg).toContain(`>${state}`);
  });
});
