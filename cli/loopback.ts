// The loopback redirect target of `login` (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 and
// [::1] only, at the fixed port registered in the app client as http://localhost:PORT/callback.
// Browsers may resolve `localhost` to either address, so both are bound when the machine has them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliFailure } from './failure.js';

/** What the page shows after the callback was handled. */
export interface CallbackOutcome {
  ok: boolean;
  /** One line for the page: never a code, token or anything else from the URL but an error name. */
  title: string;
  detail: string;
}

export interface LoopbackListener {
  /** Resolves with the callback's outcome once a callback request was handled (success or failure). */
  readonly done: Promise<CallbackOutcome>;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on both loopback addresses at `port`. Each `GET /callback?…` goes to `handle` (one at a
 * time); other paths get 404. The first request that `handle` settles ends the wait.
 */
export async function listenOnLoopback(
  port: number,
  handle: (callbackUrl: string) => Promise<CallbackOutcome>,
): Promise<LoopbackListener> {
  let settle!: (outcome: CallbackOutcome) => void;
  const done = new Promise<CallbackOutcome>((resolve) => (settle = resolve));
  let busy = false;
  let finished = false;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (url.pathname !== '/callback') return page(res, 404, { ok: false, title: 'Not found', detail: 'This is the cognito-oauth sign-in listener.' });
    if (req.method !== 'GET') return page(res, 405, { ok: false, title: 'Method not allowed', detail: 'The sign-in callback is a GET.' });
    // A browser can hit the callback twice (reload, prefetch): the first one decides.
    if (busy || finished) {
      return page(res, 409, { ok: false, title: 'Already handled', detail: 'This sign-in is over; return to the terminal.' });
    }
    busy = true;
    handle(`http://localhost:${port}${url.pathname}${url.search}`).then(
      (outcome) => {
        finished = true;
        page(res, outcome.ok ? 200 : 400, outcome);
        settle(outcome);
      },
      () => {
        finished = true;
        const outcome = { ok: false, title: 'Sign-in failed', detail: 'See the terminal for what went wrong.' };
        page(res, 500, outcome);
        settle(outcome);
      },
    );
  };

  const servers: http.Server[] = [];
  const listen = (host: string, at: number): Promise<http.Server> =>
    new Promise((resolve, reject) => {
      const server = http.createServer(onRequest);
      server.once('error', reject);
      server.listen({ port: at, host, exclusive: true }, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  try {
    servers.push(await listen('127.0.0.1', port));
  } catch (error) {
    throw listenFailure(error, port);
  }
  const actualPort = (servers[0]!.address() as AddressInfo).port;
  try {
    servers.push(await listen('::1', actualPort));
  } catch (error) {
    // No IPv6 loopback on this machine: 127.0.0.1 alone serves `localhost`. Anything else (the port
    // taken on ::1 by another program) would send the browser elsewhere: stop.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT' && code !== 'EINVAL') {
      await Promise.all(servers.map(closeServer));
      throw listenFailure(error, port);
    }
  }
  return {
    done,
    port: actualPort,
    close: () => Promise.all(servers.map(closeServer)).then(() => undefined),
  };
}

function listenFailure(error: unknown, port: number): CliFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new CliFailure(
      `port ${port} is in use on this machine`,
      `stop what listens there, or run: cognito-oauth login --port N (with http://localhost:N/callback registered on the app client)`,
    );
  }
  if (code === 'EACCES') return new CliFailure(`not allowed to listen on port ${port}`, 'run: cognito-oauth login --port N with N above 1023');
  return new CliFailure(`cannot listen on 127.0.0.1:${port} (${code ?? 'unknown error'})`);
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: http.ServerResponse, status: number, outcome: CallbackOutcome): void {
  const colour = outcome.ok ? '#1a7f37' : '#cf222e';
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(outcome.title)} · cognito-oauth</title></head>
<body style="font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">
<h1 id="${outcome.ok ? 'success' : 'failure'}" style="color:${colour}">${escapeHtml(outcome.title)}</h1>
<p>${escapeHtml(outcome.detail)}</p></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page carries no secrets, but the URL that led here did: send no Referer onwards.
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  res.end(body);
}
