import type { TokenSet } from 'cognito-oauth';

/**
 * Keeps one client-credentials access token per warm Lambda instance and gets a new one shortly
 * before it expires. Concurrent callers share one token request. Cognito bills and rate-limits
 * client-credentials requests, so asking for a token on every invocation is the expensive mistake
 * this avoids.
 */
export class TokenCache {
  readonly #fetchToken: () => Promise<TokenSet>;
  readonly #marginMs: number;
  readonly #now: () => number;
  #tokens: TokenSet | undefined;
  #pending: Promise<TokenSet> | undefined;

  /**
   * @param fetchToken - gets a new token, e.g. `() => client.clientCredentials({ scopes })`
   * @param marginMs - how long before `expiresAt` the token counts as expired (default one minute)
   * @param now - the clock, in epoch milliseconds (tests pass their own)
   */
  constructor(fetchToken: () => Promise<TokenSet>, marginMs = 60_000, now: () => number = Date.now) {
    this.#fetchToken = fetchToken;
    this.#marginMs = marginMs;
    this.#now = now;
  }

  /** A token that is valid for at least `marginMs` more. */
  async get(): Promise<string> {
    if (this.#tokens !== undefined && this.#now() + this.#marginMs < this.#tokens.expiresAt) {
      return this.#tokens.accessToken;
    }
    this.#pending ??= this.#fetchToken()
      .then((tokens) => {
        this.#tokens = tokens;
        return tokens;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return (await this.#pending).accessToken;
  }

  /** Forgets the token, e.g. after the API rejected it; the next `get` fetches a new one. */
  invalidate(): void {
    this.#tokens = undefined;
  }
}
