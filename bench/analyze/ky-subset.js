// Size experiment only (bench/analyze.mjs): the part of ky's API that src/http.ts uses (create,
// timeout, retry with backoff and Retry-After, HTTPError, TimeoutError), written on plain fetch, to
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

function create(defaults = {}) {
  return async (url, options = {}) => {
    const {
      timeout = 10_000,
      retry = { limit: 0 },
      fetch: fetchFn = globalThis.fetch,
      throwHttpErrors = true,
      signal,
      ...init
    } = { ...defaults, ...options };
    const method = (init.method ?? 'GET').toLowerCase();
    for (let attempt = 0; ; attempt++) {
      const timeoutSignal = AbortSignal.timeout(timeout);
      let response;
      try {
        response = await fetchFn(url, { ...init, signal: signal ? AbortSignal.any([signal, timeoutSignal]) : timeoutSignal });
      } catch (error) {
        if (timeoutSignal.aborted && !signal?.aborted) throw new TimeoutError();
        if (attempt >= retry.limit || signal?.aborted || !retry.methods?.includes(method)) throw error;
        await sleep(Math.min(0.3 * 2 ** attempt * 1000, retry.backoffLimit ?? Infinity), signal);
        continue;
      }
      if (response.ok || !throwHttpErrors) return response;
      const retryable = attempt < retry.limit && retry.methods?.includes(method) && retry.statusCodes?.includes(response.status);
      if (!retryable) throw new HTTPError(response);
      const after = Number(response.headers.get('retry-after'));
      const wait = retry.afterStatusCodes?.includes(response.status) && Number.isFinite(after) ? after * 1000 : 0.3 * 2 ** attempt * 1000;
      if (wait > (retry.maxRetryAfter ?? Infinity)) throw new HTTPError(response);
      await response.body?.cancel();
      await sleep(Math.min(wait, retry.backoffLimit ?? Infinity), signal);
    }
  };
}

export default { create };
