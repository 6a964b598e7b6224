// Every request to Cognito goes through here: one attempt per fetch with its own deadline (headers
// and body), the body size cap, the caller's signal, no redirects, ky's retries for GET userInfo,
// and the mapping of every failure to a CognitoOAuthError. Every body is parsed by a schema at one
// choke point (`parseBody`).
import ky, { HTTPError, TimeoutError } from 'ky';
import type * as z from 'zod/mini';
import type { ResolvedConfig } from '../config/options.js';
import { base64Encode } from '../encoding.js';
import { CognitoOAuthError, type ErrorCode, OAuthError, type OAuthErrorSource } from '../errors.js';
import { ErrorResponseSchema } from './schemas.js';

/** One request to a Cognito endpoint. */
export interface CognitoRequest {
  readonly source: Exclude<OAuthErrorSource, 'callback'>;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly form?: URLSearchParams;
  readonly headers: Record<string, string>;
  readonly signal?: AbortSignal | undefined;
}

/** The reading of one attempt's body, under what is left of the attempt's timeout. */
interface Attempt {
  /** Set by the timer or the caller's abort; whatever is pending then fails with it. */
  error?: CognitoOAuthError;
  /** Ends what is pending: cancels the body reader. */
  stop: () => void;
}

const ignore = (): void => {};

/** `The ${source} …`: every network message is written through here. */
export const fail = (on: { source: string }, code: ErrorCode, what: string, options?: { cause?: unknown; response?: Response }) =>
  new CognitoOAuthError(code, `The ${on.source} ${what}`, options);

const aborted = (request: CognitoRequest) => fail(request, 'ABORTED', 'request was aborted', { cause: request.signal?.reason });

/**
 * `Authorization: Basic base64(client_id:client_secret)`, as Cognito reads it: the raw pair, not
 * form-encoded first as RFC 6749 section 2.3.1 would have it.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${base64Encode(new TextEncoder().encode(`${clientId}:${clientSecret}`))}`;
}

/**
 * Sends a request through ky and returns the response with its body read (size-capped, within the
 * timeout). ky builds the request, times each attempt out, and runs the retries of GET userInfo. The
 * form body is attached in the `fetch` ky calls, not given to ky: ky clones every request it sends,
 * and cloning a body tees its stream (about a fifth of an exchange's CPU in Node). The body must
 * arrive within the same timeout as the headers: one deadline per attempt.
 */
export async function send(config: ResolvedConfig, request: CognitoRequest): Promise<{ response: Response; text: string }> {
  const { signal, form } = request;
  const custom = config.fetch;
  // Only GET userInfo is retried: a code is single-use and a rotated refresh token may be spent.
  const retries = request.method === 'GET' ? config.retries : 0;
  let started = Date.now();
  let response: Response;
  try {
    response = await ky(request.url, {
      method: request.method,
      headers: { accept: 'application/json', ...request.headers },
      // Cognito's endpoints never redirect; following one could carry a secret or a code to another host.
      redirect: 'manual',
      timeout: config.timeout,
      // Error statuses are read below; ky only needs them as errors to retry them.
      throwHttpErrors: retries > 0,
      retry: retries && {
        limit: retries,
        statusCodes: [429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: config.timeout,
        backoffLimit: 3_000,
        // No retry after a non-Response, nor when the server asks for a longer pause than one
        // attempt may take.
        shouldRetry: ({ error }) => {
          if (error instanceof CognitoOAuthError) return false;
          const after = error instanceof HTTPError ? error.response.headers.get('retry-after')?.trim() : undefined;
          // Seconds or an HTTP date; unreadable is no pause asked for.
          const ms = !after ? 0 : /^\d+$/.test(after) ? Number(after) * 1000 : Date.parse(after) - Date.now();
          return ms > config.timeout ? false : undefined;
        },
      },
      ...(signal ? { signal } : {}),
      // One attempt. The global fetch is looked up here (never captured at import), so polyfills and
      // interceptors installed later apply; a custom fetch gets one complete Request.
      fetch: (input, init) => {
        started = Date.now();
        const sent = !form
          ? (custom ?? globalThis.fetch)(input, init)
          : custom
            ? custom(new Request(input, { ...init, body: form }))
            : globalThis.fetch(input, { ...init, body: form });
        return sent.then((value: unknown) =>
          typeof (value as Response | null)?.status === 'number' && typeof (value as Response).headers?.get === 'function'
            ? (value as Response)
            : Promise.reject(fail(request, 'NETWORK_ERROR', 'fetch returned no Response')),
        );
      },
    });
  } catch (error) {
    // An HTTPError carries ky's own Request, which never had our headers.
    if (!(error instanceof HTTPError)) throw toSdkError(config, request, error);
    response = error.response;
  }
  const attempt: Attempt = { stop: ignore };
  const interrupt = (error: CognitoOAuthError): void => {
    if (attempt.error) return;
    attempt.error = error;
    attempt.stop();
  };
  const onAbort = () => interrupt(aborted(request));
  // An abort between the headers and here fired no listener: fetch errors the body instead.
  if (signal?.aborted) onAbort();
  // The body gets what is left of the attempt's timeout; none left is a timeout now, not after a timer.
  const left = started + config.timeout - Date.now();
  if (left <= 0) interrupt(timedOut(config, request));
  const timer = left > 0 ? setTimeout(() => interrupt(timedOut(config, request)), left) : undefined;
  signal?.addEventListener('abort', onAbort);
  try {
    if (!response.ok) throw await errorFromResponse(config, request, attempt, response);
    return { response, text: await readBody(config, request, attempt, response) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

const timedOut = (config: ResolvedConfig, request: CognitoRequest) =>
  fail(request, 'TIMEOUT', `endpoint did not answer within ${config.timeout} ms`);

/** Parses a JSON body with a schema; anything else is an `INVALID_RESPONSE` that names the fields, never their values. */
export function parseBody<T>(schema: z.ZodMiniType<T>, text: string, what: string, response: Response): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // No cause: V8's SyntaxError quotes the text around the fault, which may be part of a token.
    throw fail({ source: what }, 'INVALID_RESPONSE', `response is not JSON (HTTP ${response.status})`, { response });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(body)'))].slice(0, 5).join(', ');
  throw fail({ source: what }, 'INVALID_RESPONSE', `response has an invalid ${fields}`, { response });
}

/** A failure before an HTTP answer: the error the attempt gave, an abort, or NETWORK_ERROR. */
function toSdkError(config: ResolvedConfig, request: CognitoRequest, error: unknown): CognitoOAuthError {
  if (error instanceof CognitoOAuthError) return error;
  // ky's pause before a retry ends with the signal's reason.
  if (request.signal?.aborted) return aborted(request);
  if (error instanceof TimeoutError) return timedOut(config, request);
  // The platform's error is kept as the cause, unless it quotes a header the SDK sent: an "invalid
  // header value" TypeError repeats the whole `Bearer …` or `Basic …` value.
  const sent = Object.values(request.headers).map((value) => value.replace(/^\w+ /, ''));
  const texts: unknown[] = [error];
  for (let cause = error, depth = 0; typeof cause === 'object' && cause && depth < 5; depth += 1) {
    texts.push((cause as Error).message, (cause as Error).stack);
    cause = (cause as Error).cause;
  }
  const quotes = texts.some((text) => typeof text === 'string' && sent.some((value) => text.includes(value)));
  return fail(request, 'NETWORK_ERROR', 'request failed before an HTTP answer', quotes ? {} : { cause: error });
}

/** An error status: a redirect, an OAuth error from the header (userInfo) or the JSON body, else `HTTP_ERROR`. */
async function errorFromResponse(
  config: ResolvedConfig,
  request: CognitoRequest,
  attempt: Attempt,
  response: Response,
): Promise<CognitoOAuthError> {
  const { status, headers } = response;
  const redirect = response.type === 'opaqueredirect' || (status > 299 && status < 400);
  const challenge = headers.get('www-authenticate');
  let body: unknown = challenge && parseWwwAuthenticate(challenge);
  if (redirect || (body as { error?: string } | null)?.error) {
    response.body?.cancel().catch(ignore);
    if (redirect) return fail(request, 'UNEXPECTED_REDIRECT', `endpoint redirected (HTTP ${status}); not followed`, { response });
  } else {
    try {
      body = JSON.parse(await readBody(config, request, attempt, response));
    } catch (error) {
      // An error page over the cap (or not JSON) is still reported by its status.
      if (error instanceof CognitoOAuthError && error.code !== 'RESPONSE_TOO_LARGE') return error;
    }
  }
  const parsed = ErrorResponseSchema.safeParse(body);
  if (parsed.success) {
    const { error, error_description } = parsed.data;
    return new OAuthError({ error, errorDescription: error_description, status, source: request.source }, { response });
  }
  const type = headers.get('content-type')?.split(';')[0] ?? 'no content type';
  return fail(request, 'HTTP_ERROR', `endpoint answered HTTP ${status} (${type}) without an OAuth error`, { response });
}

/**
 * Reads `error` and `error_description` from a `WWW-Authenticate` value, with or without the
 * `Bearer` scheme: Cognito's docs show `error="invalid_token", error_description="…"` bare.
 */
export function parseWwwAuthenticate(header: string): Record<string, string> {
  // No prototype: a header naming `constructor` or `__proto__` must read as plain data.
  const params = Object.create(null) as Record<string, string>;
  const rest = header.replace(/^\s*Bearer(?=\s|$)/i, '');
  // The lookbehind starts a name only at a word boundary, so a long run of letters costs linear time, not quadratic.
  const pattern = /(?<![\w-])([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let match = pattern.exec(rest); match !== null; match = pattern.exec(rest)) {
    const key = match[1]!.toLowerCase();
    if (!(key in params)) params[key] = match[2] === undefined ? (match[3] ?? '') : match[2].replace(/\\(.)/g, '$1');
  }
  return params;
}

/**
 * Reads a body as text, counting the bytes as they arrive: past `maxResponseBytes` it stops and
 * fails, whatever the headers said. A cross-origin response in a browser shows `Content-Length`
 * (the compressed size) but not `Content-Encoding`, so the inflated body is only known by reading
 * it. The attempt's timer and the caller's abort cancel the reader, which ends a pending read.
 */
async function readBody(config: ResolvedConfig, request: CognitoRequest, attempt: Attempt, response: Response): Promise<string> {
  const limit = config.maxResponseBytes;
  const body = response.body;
  const tooLarge = () => fail(request, 'RESPONSE_TOO_LARGE', `response is larger than ${limit} bytes`, { response });
  // A declared length over the cap is refused before a byte is read; so is a body after an abort
  // that came between the headers and here (it fired no listener: fetch errors the body instead).
  const early = attempt.error ?? (Number(response.headers.get('content-length')) > limit ? tooLarge() : undefined);
  if (early) {
    body?.cancel().catch(ignore);
    throw early;
  }
  if (!body) return '';
  const reader = body.getReader();
  attempt.stop = () => void reader.cancel().catch(ignore);
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (attempt.error) throw attempt.error;
      if (done) return text + decoder.decode();
      if ((total += value.byteLength) > limit) throw tooLarge();
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    reader.cancel().catch(ignore);
    throw (
      attempt.error ??
      (error instanceof CognitoOAuthError
        ? error
        : fail(request, 'NETWORK_ERROR', 'response body could not be read', { cause: error, response }))
    );
  }
}
