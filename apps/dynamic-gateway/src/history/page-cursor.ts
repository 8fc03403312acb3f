import { badRequest } from '../http/api-error';

/** Where the next page starts: the last row's time and its tie-breaker (base or trade id). */
export type CursorPosition = { at: number; key: string };

type Encoded = { v: 1; kind: string; order: string; at: number; key: string };

/**
 * Opaque to the application (base64url JSON). It carries the kind of page and its order, so a cursor
 * is refused when replayed on another query shape; the range and pairs are the request's own.
 */
export function encodeCursor(kind: string, order: string, position: CursorPosition): string {
  const body: Encoded = { v: 1, kind, order, at: position.at, key: position.key };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(
  text: string | undefined,
  kind: string,
  order: string,
): CursorPosition | undefined {
  if (text === undefined) return undefined;
  const invalid = () => badRequest('invalid_cursor', 'the cursor is not one this query produced');
  let body: Partial<Encoded>;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Encoded>;
  } catch {
    throw invalid();
  }
  if (
    body?.v !== 1 ||
    body.kind !== kind ||
    body.order !== order ||
    !Number.isSafeInteger(body.at) ||
    typeof body.key !== 'string' ||
    body.key.length > 100
  )
    throw invalid();
  return { at: body.at as number, key: body.key };
}
