/** Query parameters whose values are credentials (compared case-insensitively). */
export const SECRET_QUERY_PARAMS: readonly string[] = [
  'api_key',
  'apikey',
  'key',
  'token',
  'access_token',
  'auth',
  'secret',
  'password',
];

const SECRET = new Set(SECRET_QUERY_PARAMS);
const REDACTED = '[redacted]';

/**
 * A URL (absolute or a request path such as `/v1/stream/sse?api_key=...`) with the values of
 * credential query parameters and any `user:password@` replaced by `[redacted]`, for logging.
 * The rest of the text is kept as given; anything that does not parse is redacted as a whole
 * rather than logged unchecked.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = withoutHash.indexOf('?');
  const head = redactUserInfo(queryAt >= 0 ? withoutHash.slice(0, queryAt) : withoutHash);
  if (queryAt < 0) return head;
  const query = withoutHash
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq >= 0 ? pair.slice(0, eq) : pair;
      return eq >= 0 && SECRET.has(decodeName(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${head}?${query}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    // An undecodable name could hide a credential's name: treat it as one.
    return 'key';
  }
}

/** `scheme://user:pass@host/...` → `scheme://[redacted]@host/...`. */
function redactUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, `$1${REDACTED}@`);
}
