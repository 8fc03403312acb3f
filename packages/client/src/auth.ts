/** A token and, when known, its expiry (epoch ms): the client renews it shortly before. */
export type IssuedToken = { token: string; expiresAt?: number };

/** An API key (servers), or a short-lived token and how to get the next one (browsers). */
export type Credentials =
  | { apiKey: string }
  | { token: string; expiresAt?: number; renewToken?: () => Promise<string | IssuedToken> };

/** How long before its expiry a token is renewed (a connect must not start with a dying token). */
const RENEW_BEFORE_MS = 10_000;

/**
 * How a request proves who it is. HTTP requests send `Authorization: Bearer`; an SSE stream sends
 * the API key as a header too (it is read with fetch), while tokens go in `?token=` on SSE and
 * WebSocket and an API key in `?api_key=` on WebSocket (a browser's WebSocket has no headers).
 */
export class Auth {
  private token: string | undefined;
  private expiresAt: number | undefined;
  private renewing: Promise<boolean> | undefined;

  constructor(
    private readonly credentials: Credentials,
    private readonly now: () => number = Date.now,
  ) {
    if ('token' in credentials) {
      this.token = credentials.token;
      this.expiresAt = credentials.expiresAt;
    }
  }

  /** Renews a token that expires within seconds, before a request or connect uses it. */
  async ready(): Promise<void> {
    if (this.expiresAt !== undefined && this.now() >= this.expiresAt - RENEW_BEFORE_MS)
      await this.renew().catch(() => false); // the gateway's refusal will say what is wrong
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
      .then((issued) => {
        this.token = typeof issued === 'string' ? issued : issued.token;
        this.expiresAt = typeof issued === 'string' ? undefined : issued.expiresAt;
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
