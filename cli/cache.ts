// The token cache: one JSON file per profile, `<home>/<profile>.json`, 0600 in a 0700 directory.
// It holds what the session stores (the user's own tokens, refresh token included) and the
// connection the profile signed in with (domain, client ID, pool: nothing secret, never the
// client secret). Every write goes to a temporary file that is renamed over the old one.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliFailure } from './failure.js';

const IS_WINDOWS = process.platform === 'win32';

/** `$COGNITO_OAUTH_HOME`, else the platform's config directory plus `cognito-oauth`. */
export function cacheHome(env: NodeJS.ProcessEnv): string {
  if (env.COGNITO_OAUTH_HOME) return env.COGNITO_OAUTH_HOME;
  if (IS_WINDOWS) return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'cognito-oauth');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'cognito-oauth');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'cognito-oauth');
}

/** The connection a profile signed in with: enough for `token`, `logout` and `status` without flags. */
export interface SavedConnection {
  domain: string;
  clientId: string;
  userPoolId?: string;
  issuer?: string;
  redirectUri: string;
  scopes?: string[];
}

interface CacheFile {
  version: 1;
  connection?: SavedConnection;
  /** What CognitoSession keeps, by storage key. */
  entries: Record<string, string>;
}

/** Makes the cache directory 0700, or tightens it; refuses one that belongs to someone else. */
export function ensureDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (IS_WINDOWS) return; // NTFS ACLs, not modes: the user's profile directory is private already.
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new CliFailure(`the cache path ${dir} is not a directory`, 'set COGNITO_OAUTH_HOME to a directory of your own');
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new CliFailure(`the cache directory ${dir} belongs to another user`, 'set COGNITO_OAUTH_HOME to a directory of your own');
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/**
 * One profile's cache file, also the `SessionStorage` that CognitoSession reads and writes: each
 * call reads the file afresh, so a refresh made by another `cognito-oauth token` is seen.
 */
export class ProfileCache {
  readonly file: string;
  readonly #dir: string;

  constructor(home: string, profile: string) {
    this.#dir = home;
    this.file = join(home, `${profile}.json`);
  }

  get(key: string): string | undefined {
    return this.#read()?.entries[key];
  }

  set(key: string, value: string): void {
    const data = this.#read() ?? { version: 1, entries: {} };
    data.entries[key] = value;
    this.#write(data);
  }

  remove(key: string): void {
    const data = this.#read();
    if (data === undefined || !Object.hasOwn(data.entries, key)) return;
    delete data.entries[key];
    // Signed out: nothing of the profile is left behind, its connection included.
    if (Object.keys(data.entries).length === 0) this.delete();
    else this.#write(data);
  }

  /** True when the session keeps nothing here (signed out, or never signed in). */
  isEmpty(): boolean {
    const data = this.#read();
    return data === undefined || Object.keys(data.entries).length === 0;
  }

  get connection(): SavedConnection | undefined {
    return this.#read()?.connection;
  }

  saveConnection(connection: SavedConnection): void {
    const data = this.#read() ?? { version: 1, entries: {} };
    data.connection = connection;
    this.#write(data);
  }

  /** Deletes the profile's file; true when there was one. */
  delete(): boolean {
    try {
      unlinkSync(this.file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  #read(): CacheFile | undefined {
    let text: string;
    try {
      if (!IS_WINDOWS && (statSync(this.file).mode & 0o077) !== 0) chmodSync(this.file, 0o600);
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const data = JSON.parse(text) as CacheFile;
      if (data?.version !== 1 || typeof data.entries !== 'object' || data.entries === null) throw new Error('shape');
      return data;
    } catch {
      throw new CliFailure(`the cache file ${this.file} is damaged`, `delete it, then run: cognito-oauth login`);
    }
  }

  #write(data: CacheFile): void {
    ensureDirectory(this.#dir);
    const temporary = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    // 'wx': never follow or reuse a file someone else put there; 0600 from the first byte.
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temporary, this.file);
    } catch (error) {
      try {
        unlinkSync(temporary);
      } catch {
        // already gone
      }
      throw error;
    }
  }
}
