/** Small HTTP helpers over fetch; every call has a timeout so a hung service fails the wait, not the run. */

export type HttpResult = { status: number; text: string; json: unknown };

export async function request(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<HttpResult> {
  const { timeoutMs = 5_000, ...rest } = init;
  const response = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

export const getJson = (url: string, headers: Record<string, string> = {}) => request(url, { headers });

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** The /readyz status of a service, or 0 when nothing answers. */
export async function readyStatus(baseUrl: string): Promise<number> {
  try {
    return (await request(`${baseUrl}/readyz`, { timeoutMs: 3_000 })).status;
  } catch {
    return 0;
  }
}
