import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDots } from './generate';

/** Committed output: docs/diagrams/<name>.dot and .svg at the repository root. */
const OUT = resolve(__dirname, '..', '..', '..', 'docs', 'diagrams');

type Graphviz = { dot(source: string): string };

async function loadGraphviz(): Promise<Graphviz> {
  // ESM-only WASM build of Graphviz: loaded by dynamic import from this CommonJS tool.
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  return Graphviz.load();
}

async function main(mode: string): Promise<number> {
  const graphviz = await loadGraphviz();
  const stale: string[] = [];
  mkdirSync(OUT, { recursive: true });
  for (const [name, dot] of Object.entries(generateDots())) {
    const files = { [`${name}.dot`]: dot, [`${name}.svg`]: graphviz.dot(dot) };
    for (const [file, content] of Object.entries(files)) {
      const path = join(OUT, file);
      if (mode === 'check') {
        let current = '';
        try {
          current = readFileSync(path, 'utf8');
        } catch {}
        if (current !== content) stale.push(file);
      } else {
        writeFileSync(path, content);
        console.log(`wrote docs/diagrams/${file}`);
      }
    }
  }
  if (stale.length > 0) {
    console.error(`stale diagrams (run npm run diagrams): ${stale.join(', ')}`);
    return 1;
  }
  return 0;
}

const mode = process.argv[2] ?? 'generate';
if (mode !== 'generate' && mode !== 'check') {
  console.error('usage: cli.js generate|check');
  process.exit(2);
}
main(mode).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
