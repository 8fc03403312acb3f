/** An API key (servers), or a short-lived token and how to get the next one (browsers). */
export type Credentials = { apiKey: string } | { token: string; renewToken?: () => Promise<string> };

/**
 * How a request proves who it is. HTTP requests send `Authorization: Bearer`; an SSE stream sends
 * the API key as a header too (it is read with fetch), while tokens go in `?token=` on SSE and
 * WebSocket and an API key in `?api_key=` on WebSocket (a browser's WebSocket has no headers).
 */
export class Auth {
  private token: string | undefined;
  private renewing: Promise<boolean> | undefined;

  constructor(private readonly credentials: Credentials) {
    if ('token' in credentials) this.token = credentials.token;
  }

  get usesToken(): boolean {
    return 'token' in this.credentials;
  }

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.secret()}` };
  }

  /** The query parameter of a WebSocket upgrade. */
  wsParam(): [string, string] {
    return this.usesToken ? ['token', this.secret()] : ['api_key', this.secret()];
  }

  /** The query parameter of an SSE request (none with an API key: it goes in a header). */
  sseParam(): [string, string] | undefined {
    return this.usesToken ? ['token', this.secret()] : undefined;
  }

  /**
   * Gets a new token after a refusal (401/403). True when there is a new one to retry with; calls
   * made while one renewal runs share it.
   */
  renew(): Promise<boolean> {
    const c = this.credentials;
    if (!('token' in c) || !c.renewToken) return Promise.resolve(false);
    const renewToken = c.renewToken;
    this.renewing ??= renewToken()
      .then((token) => {
        this.token = token;
        return true;
      })
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  private secret(): string {
    return 'apiKey' in this.credentials ? this.credentials.apiKey : (this.token as string);
  }
}
