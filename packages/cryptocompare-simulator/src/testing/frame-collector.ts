import WebSocket from 'ws';

export type ReceivedFrame = { text: string; json: Record<string, unknown> | null };

/**
 * A small streamer client for tests: keeps every frame and waits for the one a test needs.
 * Frames that are not JSON are kept with `json: null` (to observe malformed-frame faults).
 */
export class FrameCollector {
  readonly frames: ReceivedFrame[] = [];
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      let json: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>;
      } catch {
        json = null;
      }
      this.frames.push({ text, json });
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    ws.on('error', () => this.wake());
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<FrameCollector> {
    const ws = new WebSocket(url, { headers });
    const collector = new FrameCollector(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return collector;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** JSON frames of a TYPE, in arrival order. */
  ofType(type: string): Record<string, unknown>[] {
    return this.frames.flatMap((frame) => (frame.json && frame.json.TYPE === type ? [frame.json] : []));
  }

  /** Resolves with the first frame (from `fromIndex` on) matching `match`; rejects after `timeoutMs`. */
  async waitFor(
    match: (frame: ReceivedFrame) => boolean,
    timeoutMs = 3000,
    fromIndex = 0,
  ): Promise<ReceivedFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(fromIndex).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching frame within ${timeoutMs} ms (got ${this.frames.length} frames)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitForType(type: string, timeoutMs = 3000, fromIndex = 0): Promise<Record<string, unknown>> {
    return this.waitFor((frame) => frame.json?.TYPE === type, timeoutMs, fromIndex).then(
      (frame) => frame.json ?? {},
    );
  }

  async waitForClose(timeoutMs = 3000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === undefined) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closeCode;
  }

  close(): void {
    this.ws.terminate();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
