import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generatedTexts } from './generate';

/** Committed output at the repository root: docs/diagrams/<name>.dot and .svg, docs/configuration.md, docs/api/. */
const DOCS = resolve(__dirname, '..', '..', '..', 'docs');
const OUT = join(DOCS, 'diagrams');

type Graphviz = { dot(source: string): string };

async function loadGraphviz(): Promise<Graphviz> {
  // ESM-only WASM build of Graphviz: loaded by dynamic import from this CommonJS tool.
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  return Graphviz.load();
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function main(mode: string): Promise<number> {
  const graphviz = await loadGraphviz();
  const stale: string[] = [];
  mkdirSync(OUT, { recursive: true });
  const files = generatedTexts();
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith('.dot')) files[file.replace(/\.dot$/, '.svg')] = graphviz.dot(text);
  }
  for (const [file, content] of Object.entries(files)) {
    const path = join(DOCS, file);
    if (mode === 'check') {
      if (readOrEmpty(path) !== content) stale.push(file);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      console.log(`wrote docs/${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(`stale generated docs (run npm run docs -w @mdp/docs): ${stale.join(', ')}`);
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
