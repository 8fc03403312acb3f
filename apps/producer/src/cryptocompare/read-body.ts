import type { Readable } from 'node:stream';
import { ApiError } from './api-error';

/** Drops a body we will not read; undici reports the abort as an error event, which is expected here. */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads a response body as UTF-8, refusing (and destroying) anything over `maxBytes`. */
export async function readBodyCapped(
  body: Readable,
  maxBytes: number,
  contentLength: string | string[] | undefined,
): Promise<string> {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discardBody(body);
    throw new ApiError('too_large', `response body of ${declared} bytes exceeds ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      discardBody(body);
      throw new ApiError('too_large', `response body exceeds ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
