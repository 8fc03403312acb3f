import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** The text of a Markdown page outside its fenced code blocks (code is not prose: no links there). */
function prose(markdown: string): string {
  return markdown.replace(/^\s*(```|~~~)[\s\S]*?^\s*\1\s*$/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  return new Set([...prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((m) => anchorOf(m[1] ?? '')));
}

/**
 * Problems of a page's relative links (`[text](path#anchor)`: the file exists, the anchor is a
 * heading of it) and of absolute paths of one machine written as if they were in the repository.
 */
export function linkProblems(root: string, page: string): string[] {
  const text = readFileSync(join(root, page), 'utf8');
  const problems: string[] = [];
  for (const m of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1] ?? '';
    if (/^[a-z]+:/i.test(target)) continue;
    const [path = '', anchor] = target.split('#');
    const file = path === '' ? page : normalize(join(dirname(page), path));
    if (!existsSync(join(root, file))) {
      problems.push(`${page}: link to ${target}: no such file`);
      continue;
    }
    if (anchor && file.endsWith('.md') && statSync(join(root, file)).isFile()) {
      if (!anchorsIn(readFileSync(join(root, file), 'utf8')).has(anchor))
        problems.push(`${page}: link to ${target}: no such heading`);
    }
  }
  for (const m of text.matchAll(/(?:^|[\s(`'"])(\/(?:work|home|Users)\/[^\s)`'"]*)/g))
    problems.push(`${page}: ${m[1]}: a path outside the repository`);
  return problems;
}
