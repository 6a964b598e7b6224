// Every request to Cognito goes through here: the single ky instance, timeouts, retries, the body
// size cap, and the mapping of every failure to a CognitoOAuthError. Every body is parsed by a
// schema at one choke point (`parseBody`).
import ky, { HTTPError, TimeoutError } from 'ky';
import type * as z from 'zod/mini';
import type { FetchLike, ResolvedConfig } from '../config/options.js';
import { base64Encode } from '../encoding.js';
import { CognitoOAuthError, ErrorCode, OAuthError, type OAuthErrorSource } from '../errors.js';
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

const http = /* @__PURE__ */ ky.create({
  // Cognito's endpoints never redirect; following one could carry a secret or a code to another host.
  redirect: 'manual',
  throwHttpErrors: true,
});

/**
 * The fetch ky calls, once per attempt. It notes when the attempt starts (the body must arrive
 * within the same `timeout`: one deadline per attempt) and attaches a form body here rather than
 * through ky: ky clones every request it sends (to replay it on a retry), and in Node cloning a
 * request with a body tees its stream, and ky then cancels the branch fetch has locked, which
 * builds a Node error that is thrown away; that was about a fifth of the CPU of a code exchange.
 * A custom fetch still receives one complete `Request`, body included.
 */
function attemptFetch(custom: FetchLike | undefined, body: URLSearchParams | undefined, attempt: { started: number }): FetchLike {
  return (input, init) => {
    attempt.started = Date.now();
    if (body === undefined) return custom ? custom(input, init) : globalThis.fetch(input, init);
    // ky passes fetch-only options (none today) as `init`; they go along.
    return custom ? custom(new Request(input, { ...init, body })) : globalThis.fetch(input, { ...init, body });
  };
}

/**
 * `Authorization: Basic base64(client_id:client_secret)`, as Cognito reads it: the raw pair, not
 * form-encoded first as RFC 6749 section 2.3.1 would have it.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${base64Encode(new TextEncoder().encode(`${clientId}:${clientSecret}`))}`;
}

/** Sends a request and returns the response with its body read (size-capped, within the timeout). */
export async function send(config: ResolvedConfig, request: CognitoRequest): Promise<{ response: Response; text: string }> {
  // Only GET userInfo is retried: a code is single-use and a rotated refresh token may be spent.
  const retry =
    request.method === 'GET'
      ? {
          limit: config.retries,
          methods: ['get' as const],
          statusCodes: [429, 500, 502, 503, 504],
          afterStatusCodes: [429, 503],
          maxRetryAfter: config.timeout,
          backoffLimit: 3_000,
          // A server that asks for a longer pause than one attempt may take is not hit again early.
          shouldRetry: ({ error }: { error: Error }) => (error instanceof HTTPError && retryAfterMs(error.response) > config.timeout ? false : undefined),
        }
      : { limit: 0 };
  // The global fetch is looked up per request (never captured at import), so polyfills and test
  // interceptors installed later still apply.
  const attempt = { started: Date.now() };
  let response: Response;
  try {
    response = await http(request.url, {
      method: request.method,
      headers: { accept: 'application/json', ...request.headers },
      timeout: config.timeout,
      retry,
      fetch: attemptFetch(config.fetch, request.form, attempt),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    throw await toSdkError(config, request, error, attempt.started + config.timeout);
  }
  if (!isResponse(response)) throw notAResponse(request);
  return { response, text: await readBody(config, request, response, attempt.started + config.timeout) };
}

/** `Retry-After` in milliseconds (seconds or an HTTP date); 0 when absent or unreadable. */
function retryAfterMs(response: unknown): number {
  const value = isResponse(response) ? response.headers.get('retry-after') : null;
  if (!value) return 0;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? ms : 0;
}

/** A custom `fetch` may resolve to anything; only a Response-like value is read. */
function isResponse(value: unknown): value is Response {
  return typeof (value as Response | null)?.status === 'number' && typeof (value as Response).headers?.get === 'function';
}

function notAResponse(request: CognitoRequest): CognitoOAuthError {
  // No cause: ky's HTTPError carries the request, Authorization header included.
  return new CognitoOAuthError(ErrorCode.NETWORK_ERROR, `The ${request.source} request got no Response from the fetch function`);
}

/** Parses a JSON body with a schema; anything else is an `INVALID_RESPONSE` that names the fields, never their values. */
export function parseBody<T>(schema: z.ZodMiniType<T>, text: string, what: string, response: Response): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // No cause: V8's SyntaxError quotes the text around the fault, which may be part of a token.
    throw new CognitoOAuthError(ErrorCode.INVALID_RESPONSE, `The ${what} response is not JSON (HTTP ${response.status})`, { response });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(body)'))].slice(0, 5).join(', ');
    throw new CognitoOAuthError(ErrorCode.INVALID_RESPONSE, `The ${what} response does not have the documented shape (${fields})`, {
      response,
    });
  }
  return result.data;
}

async function toSdkError(config: ResolvedConfig, request: CognitoRequest, error: unknown, deadline: number): Promise<CognitoOAuthError> {
  if (error instanceof HTTPError) {
    const response: unknown = error.response;
    if (!isResponse(response)) return notAResponse(request);
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => {});
      return new CognitoOAuthError(
        ErrorCode.UNEXPECTED_REDIRECT,
        `The ${request.source} endpoint answered with a redirect (HTTP ${response.status}); it was not followed`,
        { response },
      );
    }
    return errorFromResponse(config, request, response, deadline);
  }
  if (request.signal?.aborted) {
    return new CognitoOAuthError(ErrorCode.ABORTED, `The ${request.source} request was aborted`, { cause: request.signal.reason });
  }
  if (error instanceof TimeoutError) {
    return new CognitoOAuthError(ErrorCode.TIMEOUT, `The ${request.source} endpoint did not answer within ${config.timeout} ms`);
  }
  // The platform's error is kept as the cause, unless it quotes a header the SDK sent: an "invalid
  // header value" TypeError repeats the whole `Bearer …` or `Basic …` value.
  const sent = Object.values(request.headers).map((value) => value.replace(/^\w+ /, ''));
  const quotes = sent.length > 0 && chainText(error).some((text) => sent.some((value) => text.includes(value)));
  return new CognitoOAuthError(ErrorCode.NETWORK_ERROR, `The ${request.source} request failed before an HTTP answer`, quotes ? {} : { cause: error });
}

/** The messages and stacks of an error and its causes (five deep), to look for a quoted secret. */
function chainText(error: unknown): string[] {
  const texts: string[] = typeof error === 'string' ? [error] : [];
  for (let cause = error, depth = 0; typeof cause === 'object' && cause !== null && depth < 5; depth += 1) {
    const { message, stack } = cause as { message?: unknown; stack?: unknown };
    for (const text of [message, stack]) if (typeof text === 'string') texts.push(text);
    cause = (cause as { cause?: unknown }).cause;
  }
  return texts;
}

/** An error status: an OAuth error from the header (userInfo) or the JSON body, else `HTTP_ERROR`. */
async function errorFromResponse(config: ResolvedConfig, request: CognitoRequest, response: Response, deadline: number): Promise<CognitoOAuthError> {
  const challenge = response.headers.get('www-authenticate');
  const fromHeader = challenge ? parseWwwAuthenticate(challenge) : undefined;
  if (fromHeader?.error) {
    await response.body?.cancel().catch(() => {});
    return new OAuthError(
      { error: fromHeader.error, errorDescription: fromHeader.error_description, status: response.status, source: request.source },
      { response },
    );
  }
  let text: string;
  try {
    text = await readBody(config, request, response, deadline);
  } catch (error) {
    if (error instanceof CognitoOAuthError && error.code !== ErrorCode.RESPONSE_TOO_LARGE) return error;
    text = '';
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = ErrorResponseSchema.safeParse(body);
  if (parsed.success) {
    return new OAuthError(
      { error: parsed.data.error, errorDescription: parsed.data.error_description, status: response.status, source: request.source },
      { response },
    );
  }
  const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
  return new CognitoOAuthError(
    ErrorCode.HTTP_ERROR,
    `The ${request.source} endpoint answered HTTP ${response.status} (${type}) without an OAuth error`,
    { response },
  );
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
 * it. The body must arrive by `deadline`, the end of the attempt's `timeout`.
 */
async function readBody(config: ResolvedConfig, request: CognitoRequest, response: Response, deadline: number): Promise<string> {
  const limit = config.maxResponseBytes;
  const body = response.body;
  const fail = async (code: ErrorCode, message: string, options?: { cause?: unknown }): Promise<never> => {
    await body?.cancel().catch(() => {});
    throw new CognitoOAuthError(code, message, { ...options, response });
  };
  const tooLarge = `The ${request.source} response is larger than ${limit} bytes`;
  // A declared length over the cap is refused before a byte is read.
  if (Number(response.headers.get('content-length')) > limit) return fail(ErrorCode.RESPONSE_TOO_LARGE, tooLarge);
  if (body === null) return '';
  const aborted = `The ${request.source} request was aborted`;
  // An abort between the headers and this point fires no listener; fetch errors the body instead.
  if (request.signal?.aborted) return fail(ErrorCode.ABORTED, aborted, { cause: request.signal.reason });
  const late = `The ${request.source} response did not arrive within ${config.timeout} ms`;
  if (Date.now() >= deadline) return fail(ErrorCode.TIMEOUT, late);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CognitoOAuthError(ErrorCode.TIMEOUT, late, { response })), deadline - Date.now());
    onAbort = () => reject(new CognitoOAuthError(ErrorCode.ABORTED, aborted, { cause: request.signal?.reason, response }));
    request.signal?.addEventListener('abort', onAbort, { once: true });
  });
  interrupted.catch(() => {});
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), interrupted]);
      if (done) return text + decoder.decode();
      total += value.byteLength;
      if (total > limit) throw new CognitoOAuthError(ErrorCode.RESPONSE_TOO_LARGE, tooLarge, { response });
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof CognitoOAuthError) throw error;
    if (request.signal?.aborted) throw new CognitoOAuthError(ErrorCode.ABORTED, aborted, { cause: request.signal.reason, response });
    throw new CognitoOAuthError(ErrorCode.NETWORK_ERROR, `The ${request.source} response body could not be read`, { cause: error, response });
  } finally {
    clearTimeout(timer);
    if (onAbort) request.signal?.removeEventListener('abort', onAbort);
  }
}
