import { generateRandomValue, type TokenSet } from 'cognito-oauth';

/** What the server keeps per signed-in browser. Tokens never leave the server. */
export interface Session {
  /** The tokens from the code exchange, replaced on every refresh. */
  tokens: TokenSet;
  /** The user's `sub` (from the verified ID token), checked against userInfo's. */
  sub: string;
  /** When the session ends, in epoch milliseconds, whatever the tokens say. */
  expiresAt: number;
  /** A refresh in flight, shared by concurrent requests of the same session. */
  refreshing?: Promise<TokenSet> | undefined;
}

/**
 * Sessions in memory, keyed by a random 256-bit ID that lives in an httpOnly cookie. One process
 * only: behind a load balancer or on serverless, keep sessions in Redis or DynamoDB instead (same
 * three methods, with a TTL).
 */
export class MemorySessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #maxSessions: number;

  /** @param maxSessions - the most sessions kept; the oldest goes first when it is reached */
  constructor(maxSessions = 10_000) {
    this.#maxSessions = maxSessions;
  }

  /** Stores a new session and returns its ID (for the session cookie). */
  create(session: Session, now: number = Date.now()): string {
    for (const [id, existing] of this.#sessions) {
      if (existing.expiresAt <= now) this.#sessions.delete(id);
    }
    while (this.#sessions.size >= this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    const id = generateRandomValue();
    this.#sessions.set(id, session);
    return id;
  }

  /** The live session with this ID, if any. */
  get(id: string | undefined, now: number = Date.now()): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (session !== undefined && session.expiresAt <= now) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Ends a session. */
  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** How many sessions are stored. */
  get size(): number {
    return this.#sessions.size;
  }
}
