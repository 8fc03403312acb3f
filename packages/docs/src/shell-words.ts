/**
 * Just enough of the shell to read a README's commands: line continuations, `#` comments, quotes,
 * and the operators that separate simple commands (`&&`, `||`, `;`, `|`). Redirections are dropped.
 * No expansion: `$KEY` stays as written.
 */
export type SimpleCommand = { words: string[]; env: Record<string, string> };

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Splits a script into its simple commands, in order. */
export function simpleCommands(script: string): SimpleCommand[] {
  const commands: string[][] = [[]];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  const text = script.replace(/\\\n/g, ' ');
  const end = () => {
    if (word !== null) commands.at(-1)?.push(word);
    word = null;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text.charAt(++i);
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text.charAt(++i);
    } else if (c === '#' && word === null) {
      while (i < text.length && text.charAt(i) !== '\n') i++;
      end();
      commands.push([]);
    } else if (c === '\n' || c === ';' || c === '|' || (c === '&' && text.charAt(i + 1) === '&')) {
      end();
      if (c === '&' || (c === '|' && text.charAt(i + 1) === '|')) i++;
      commands.push([]);
    } else if (c === ' ' || c === '\t') {
      end();
    } else {
      word = (word ?? '') + c;
    }
  }
  end();
  return commands
    .filter((w) => w.length > 0)
    .map(withoutRedirections)
    .map(splitEnv);
}

function withoutRedirections(words: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (/^\d?>&\d$/.test(w)) continue;
    if (/^\d?>>?$|^<$/.test(w)) i++;
    else if (!/^\d?>>?\S|^<\S/.test(w)) kept.push(w);
  }
  return kept;
}

/** Leading `NAME=value` words are the command's environment. */
function splitEnv(words: string[]): SimpleCommand {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = ASSIGNMENT.exec(words[i] ?? '');
    if (!m?.[1]) break;
    env[m[1]] = m[2] ?? '';
  }
  return { words: words.slice(i), env };
}
