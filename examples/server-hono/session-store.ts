import { generateRandomValue, type SessionStorage } from 'cognito-oauth';

/** One signed-in browser: what its CognitoSession keeps, and when the record ends. */
interface SessionRecord {
  /** CognitoSession's values (tokens, and the pending sign-in during the callback), by key. */
  values: Map<string, string>;
  /** When the record ends, in epoch milliseconds, however often its tokens are refreshed. */
  expiresAt: number;
  /** The one storage object of this record (see {@link MemorySessionStore.storage}). */
  storage: SessionStorage;
}

/**
 * Server-side session records in memory, keyed by a random 256-bit ID that lives in an httpOnly
 * cookie. Each record is a {@link SessionStorage} for the `CognitoSession` of that user's requests:
 * tokens never leave the server.
 *
 * One process only: behind a load balancer or on serverless, keep the records in Redis or DynamoDB
 * instead (the same three storage methods, with a TTL; see docs/servers.md).
 */
export class MemorySessionStore {
  readonly #records = new Map<string, SessionRecord>();
  readonly #maxRecords: number;

  /** @param maxRecords - the most records kept; the oldest goes first when it is reached */
  constructor(maxRecords = 10_000) {
    this.#maxRecords = maxRecords;
  }

  /** Starts an empty record that lives `ttlSeconds`, and returns its ID (for the session cookie). */
  create(ttlSeconds: number, now: number = Date.now()): string {
    for (const [id, record] of this.#records) {
      if (record.expiresAt <= now) this.#records.delete(id);
    }
    while (this.#records.size >= this.#maxRecords) {
      const oldest = this.#records.keys().next().value;
      if (oldest === undefined) break;
      this.#records.delete(oldest);
    }
    const id = generateRandomValue();
    const values = new Map<string, string>();
    // Writes only while the record lives: a refresh that lands after sign-out does not bring it back.
    const live = (): boolean => this.#records.get(id)?.values === values;
    const storage: SessionStorage = {
      get: async (key) => (live() ? values.get(key) : undefined),
      set: async (key, value) => void (live() && values.set(key, value)),
      remove: async (key) => void values.delete(key),
    };
    this.#records.set(id, { values, expiresAt: now + ttlSeconds * 1000, storage });
    return id;
  }

  /**
   * The storage of the live record with this ID, or `undefined`. It is the same object for every
   * request of the record, and CognitoSession runs one refresh at a time per storage object: two
   * requests of one user that both find the access token due make one refresh between them.
   */
  storage(id: string | undefined, now: number = Date.now()): SessionStorage | undefined {
    if (id === undefined) return undefined;
    const record = this.#records.get(id);
    if (record !== undefined && record.expiresAt <= now) {
      this.#records.delete(id);
      return undefined;
    }
    return record?.storage;
  }

  /** Ends a record. */
  delete(id: string): void {
    this.#records.delete(id);
  }

  /** How many records are stored. */
  get size(): number {
    return this.#records.size;
  }
}
