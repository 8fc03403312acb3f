import type { IncomingMessage, ServerResponse } from 'node:http';

// Headers min-api sends (BittyTax#381 capture), so clients see the same surface.
const apiHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'no-cache, no-store',
  'X-CryptoCompare-Cache-HIT': 'false',
  'X-CryptoCompare-Server-Id': 'cc-api-min-sim-01',
};

export function send(res: ServerResponse, status: number, text: string, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...apiHeaders,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=UTF-8');
}

/** An nginx-style error page, as a proxy in front of the real API would answer. */
export function sendNginxError(res: ServerResponse, status: number): void {
  const title = `${status} ${statusText(status)}`;
  send(
    res,
    status,
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    'text/html',
  );
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Temporarily Unavailable',
    504: 'Gateway Time-out',
  };
  return texts[status] ?? 'Error';
}

/** The API key from `authorization: Apikey <key>` or `api_key=`; undefined when none is given. */
export function apiKeyOf(headers: IncomingMessage['headers'], query: URLSearchParams): string | undefined {
  const header = headers.authorization;
  const match = typeof header === 'string' ? /^Apikey\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1]?.trim() ?? query.get('api_key') ?? undefined;
}

export function parseUrl(rawUrl: string | undefined): URL | null {
  try {
    return new URL(rawUrl ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** A real-time pause (fault delays); unref'd so a stopped simulator never keeps the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
