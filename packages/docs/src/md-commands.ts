/** A shell snippet of a Markdown file: a fenced `sh` block, or an inline code span that is a command. */
export type Snippet = { file: string; line: number; kind: 'block' | 'inline'; text: string };

const FENCE = /^\s*(```+|~~~+)\s*([\w-]*)/;
const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
/** Inline spans that are commands a reader would type (not names of scripts or variables). */
const INLINE_COMMAND = /^(npm|npx) /;

/** The shell blocks and inline commands of one Markdown text. */
export function snippetsOf(file: string, markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  let fence: { marker: string; shell: boolean; start: number; body: string[] } | null = null;
  lines.forEach((line, i) => {
    const m = FENCE.exec(line);
    if (fence) {
      if (m?.[1]?.startsWith(fence.marker) && m[2] === '') {
        if (fence.shell)
          snippets.push({ file, line: fence.start, kind: 'block', text: fence.body.join('\n') });
        fence = null;
      } else fence.body.push(line);
      return;
    }
    if (m?.[1]) {
      fence = { marker: m[1], shell: SHELL.has(m[2] ?? ''), start: i + 2, body: [] };
      return;
    }
    for (const span of line.matchAll(/`([^`]+)`/g)) {
      const code = span[1] ?? '';
      if (INLINE_COMMAND.test(code)) snippets.push({ file, line: i + 1, kind: 'inline', text: code });
    }
  });
  return snippets;
}
