// Size and CPU experiment only (bench/analyze.mjs): the part of ky's API that
// src/network/transport.ts uses (a call, `timeout` or `timeout: false`, retry with backoff,
// Retry-After and shouldRetry, throwHttpErrors, HTTPError, TimeoutError), written on plain fetch, to
// measure what replacing ky would save. Not used by the SDK.
export class HTTPError extends Error {
  constructor(response) {
    super(`Request failed with status code ${response.status}`);
    this.name = 'HTTPError';
    this.response = response;
  }
}

export class TimeoutError extends Error {
  constructor() {
    super('Request timed out');
    this.name = 'TimeoutError';
  }
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const DEFAULT_METHODS = ['get', 'put', 'head', 'delete', 'options', 'trace'];

function create(defaults = {}) {
  return async (url, options = {}) => {
    const {
      timeout = 10_000,
      retry: retryOption = 0,
      fetch: fetchFn = globalThis.fetch,
      throwHttpErrors = true,
      signal,
      ...init
    } = { ...defaults, ...options };
    const retry = typeof retryOption === 'number' ? { limit: retryOption } : retryOption;
    const methods = retry.methods ?? DEFAULT_METHODS;
    const method = (init.method ?? 'GET').toLowerCase();
    const retryable = (error) => retry.shouldRetry?.({ error, retryCount: 0 }) !== false;
    for (let attempt = 0; ; attempt++) {
      const timeoutSignal = timeout === false ? undefined : AbortSignal.timeout(timeout);
      const signals = [signal, timeoutSignal].filter(Boolean);
      let response;
      try {
        response = await fetchFn(url, {
          ...init,
          ...(signals.length ? { signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0] } : {}),
        });
      } catch (error) {
        if (timeoutSignal?.aborted && !signal?.aborted) throw new TimeoutError();
        if (attempt >= retry.limit || signal?.aborted || !methods.includes(method) || !retryable(error)) throw error;
        await sleep(Math.min(0.3 * 2 ** attempt * 1000, retry.backoffLimit ?? Infinity), signal);
        continue;
      }
      if (response.ok || !throwHttpErrors) return response;
      const error = new HTTPError(response);
      if (!(attempt < retry.limit && methods.includes(method) && (retry.statusCodes ?? []).includes(response.status)) || !retryable(error))
        throw error;
      const after = Number(response.headers.get('retry-after'));
      const wait = retry.afterStatusCodes?.includes(response.status) && Number.isFinite(after) ? after * 1000 : 0.3 * 2 ** attempt * 1000;
      if (wait > (retry.maxRetryAfter ?? Infinity)) throw error;
      await response.body?.cancel();
      await sleep(Math.min(wait, retry.backoffLimit ?? Infinity), signal);
    }
  };
}

const ky = create();
ky.create = create;
export default ky;
