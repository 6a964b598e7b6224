// nock.back plumbing for the contract tests: modes, the canonical host, and the scrubbing that
// makes a recording against a real user pool safe to commit.
import nock, { type BackMode, type Definition } from 'nock';

/** Every fixture is replayed against this host, whatever host it was recorded from. */
export const CANONICAL_ORIGIN = 'https://mydomain.auth.us-east-1.amazoncognito.com';
const CANONICAL_SCOPE = `${CANONICAL_ORIGIN}:443`;

/** `lockdown` (fixtures only, network off) unless NOCK_BACK_MODE says otherwise. */
export function backMode(env: Record<string, string | undefined>): BackMode {
  const mode = env['NOCK_BACK_MODE'] ?? 'lockdown';
  if (mode !== 'lockdown' && mode !== 'record' && mode !== 'update' && mode !== 'dryrun' && mode !== 'wild') {
    throw new Error(`NOCK_BACK_MODE must be lockdown, record, update, dryrun or wild, not ${JSON.stringify(mode)}`);
  }
  return mode;
}

export function isRecording(mode: BackMode): boolean {
  return mode === 'record' || mode === 'update';
}

/** One real value and the placeholder it becomes in the fixture (and that the replay sends). */
export type Replacement = readonly [real: string, placeholder: string];

// Form fields and response fields that hold secrets or tokens: scrubbed even if no replacement names them.
const SECRET_FORM_FIELDS: Readonly<Record<string, string>> = {
  client_secret: 'redacted-client-secret',
  code: 'redacted-code',
  code_verifier: 'redacted-code-verifier-0000000000000000000000000',
  refresh_token: 'redacted-refresh-token',
  token: 'redacted-token',
};
const TOKEN_FIELDS = ['access_token', 'id_token', 'refresh_token'];
// userInfo claims that identify a person; their values are replaced, their keys and types kept.
const KEEP_CLAIMS = new Set(['email_verified', 'phone_number_verified']);
const DROP_RESPONSE_HEADER =
  /^(date|set-cookie|content-length|connection|keep-alive|transfer-encoding|via|age|x-cache|x-amz-cf-id|x-amz-cf-pop|x-amz-apigw-id)$|request-?id/i;
const KEEP_REQUEST_HEADERS = ['accept', 'authorization', 'content-type'];

function replaceAll(text: string, replacements: readonly Replacement[]): string {
  let out = text;
  // Longest first, so a value containing another is replaced whole.
  for (const [real, placeholder] of [...replacements].sort((a, b) => b[0].length - a[0].length)) {
    if (real !== '' && real !== placeholder) out = out.split(real).join(placeholder);
  }
  return out;
}

function exact(value: string, replacements: readonly Replacement[]): string | undefined {
  return replacements.find(([real]) => real === value)?.[1];
}

function scrubForm(body: string, replacements: readonly Replacement[]): string {
  const form = new URLSearchParams(body);
  const out = new URLSearchParams();
  for (const [key, value] of form) {
    const mapped = exact(value, replacements);
    const forced = SECRET_FORM_FIELDS[key];
    out.append(
      key,
      mapped ?? (forced !== undefined && !replacements.some(([, p]) => p === value) ? forced : replaceAll(value, replacements)),
    );
  }
  return out.toString();
}

function scrubAuthorization(value: string, replacements: readonly Replacement[]): string {
  const [scheme = '', credentials = ''] = value.split(' ', 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = atob(credentials);
    const colon = decoded.indexOf(':');
    const id = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const scrubbedSecret = exact(secret, replacements) ?? (replacements.some(([, p]) => p === secret) ? secret : 'redacted-client-secret');
    return `Basic ${btoa(`${exact(id, replacements) ?? replaceAll(id, replacements)}:${scrubbedSecret}`)}`;
  }
  return `${scheme} ${exact(credentials, replacements) ?? 'redacted-access-token'}`;
}

function scrubJson(value: unknown, replacements: readonly Replacement[], key = '', userInfo = false): unknown {
  if (typeof value === 'string') {
    if (TOKEN_FIELDS.includes(key)) return `redacted-${key}`;
    if (userInfo && key !== '' && !KEEP_CLAIMS.has(key)) return `redacted-${key}`;
    return replaceAll(value, replacements);
  }
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, replacements, key, userInfo));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, replacements, k, userInfo)]));
  }
  return value;
}

function scrubResponseHeaders(headers: unknown, replacements: readonly Replacement[]): unknown {
  // fetch recordings give an object; http.request recordings give a flat [name, value, …] array.
  if (Array.isArray(headers)) {
    const out: string[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = String(headers[i]);
      if (!DROP_RESPONSE_HEADER.test(name)) out.push(name, replaceAll(String(headers[i + 1]), replacements));
    }
    return out;
  }
  if (typeof headers === 'object' && headers !== null) {
    return Object.fromEntries(
      Object.entries(headers)
        .filter(([name]) => !DROP_RESPONSE_HEADER.test(name))
        .map(([name, value]) => [name, replaceAll(String(value), replacements)]),
    );
  }
  return headers;
}

/**
 * Rewrites recorded definitions so they are safe to commit and replay: the canonical host, real
 * ids, secrets and tokens swapped for placeholders, volatile headers dropped. Throws when a real
 * value would still be written.
 */
export function scrubDefinitions(definitions: Definition[], replacements: readonly Replacement[]): Definition[] {
  const scrubbed = definitions.map((definition): Definition => {
    const d = definition as Definition & { rawHeaders?: unknown; reqheaders?: Record<string, string>; responseIsBinary?: boolean };
    const userInfo = /\/oauth2\/userinfo/i.test(String(d.path));
    const reqheaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(d.reqheaders ?? {})) {
      const lower = name.toLowerCase();
      if (!KEEP_REQUEST_HEADERS.includes(lower)) continue;
      reqheaders[lower] = lower === 'authorization' ? scrubAuthorization(String(value), replacements) : String(value);
    }
    const out: Record<string, unknown> = {
      scope: CANONICAL_SCOPE,
      method: d.method,
      path: replaceAll(String(d.path), replacements),
    };
    if (d.body !== undefined && d.body !== '') {
      out['body'] = typeof d.body === 'string' ? scrubForm(d.body, replacements) : scrubJson(d.body, replacements);
    }
    out['status'] = d.status;
    out['response'] =
      typeof d.response === 'string' ? replaceAll(d.response, replacements) : scrubJson(d.response, replacements, '', userInfo);
    out['rawHeaders'] = scrubResponseHeaders(d.rawHeaders, replacements);
    if (Object.keys(reqheaders).length > 0) out['reqheaders'] = reqheaders;
    out['responseIsBinary'] = d.responseIsBinary ?? false;
    return out as unknown as Definition;
  });
  const text = JSON.stringify(scrubbed);
  for (const [real, placeholder] of replacements) {
    if (real.length >= 4 && real !== placeholder && text.includes(real)) {
      throw new Error(`scrubbing left a real value in the fixture (the one that should read ${JSON.stringify(placeholder)})`);
    }
  }
  return scrubbed;
}

/** Options for `nock.back`: record request headers and scrub before writing. */
export function backOptions(replacements: readonly Replacement[]): nock.BackOptions {
  return {
    recorder: { enable_reqheaders_recording: true },
    afterRecord: (definitions) => scrubDefinitions(definitions, replacements),
  };
}
