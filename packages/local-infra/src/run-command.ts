import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to completion, capturing stdout+stderr together (for error messages). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; onTick?: (elapsedMs: number) => void; tickMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const onTick = options.onTick;
    const ticker = onTick
      ? setInterval(() => onTick(Date.now() - started), options.tickMs ?? 10_000)
      : undefined;
    child.once('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.once('close', (code) => {
      clearInterval(ticker);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** The last `lines` lines of a text, for error messages that show what a tool said. */
export function tailLines(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
