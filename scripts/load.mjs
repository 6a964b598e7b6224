// Load check for the built SDK (dist/): 1,000 concurrent authorization-code flows against a local
// Cognito-like server, then 10,000 sequential flows with the heap measured after a forced GC at the
// 1,000th and the 10,000th. Prints the figures; exits non-zero on any error or when the heap grows
// by more than the bound. Bounded: fixed counts, and a watchdog ends the run after five minutes.
//
//   npm run load            (builds first; runs node --expose-gc scripts/load.mjs)
//   LOAD_CONCURRENT=1000 LOAD_SEQUENTIAL=10000 LOAD_HEAP_BOUND_MB=5 node --expose-gc scripts/load.mjs
//
// The server runs in a child process so its memory (issued codes, sockets) is not counted in the
// SDK's heap. Each flow is a real code flow: GET /oauth2/authorize answers 302 to the callback with
// a fresh single-use code bound to the PKCE challenge; POST /oauth2/token checks the client's Basic
// credentials, the redirect URI and the verifier, and spends the code.
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { fileURLToPath } from 'node:url';

const CLIENT_ID = 'loadclient1example2345678';
const CLIENT_SECRET = 'load-test-client-secret';
const REDIRECT_URI = 'http://localhost:3000/callback';

const intFromEnv = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

if (process.argv[2] === '--server') {
  runServer();
} else {
  await main();
}

/** The Cognito-like server (child process): reports its port to the parent over IPC. */
function runServer() {
  const codes = new Map(); // code -> { challenge, redirectUri }
  const expectedAuth = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== CLIENT_ID || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('state')) {
        res.writeHead(400).end('bad authorize request');
        return;
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: q.get('code_challenge'), redirectUri: q.get('redirect_uri') });
      const location = new URL(q.get('redirect_uri'));
      location.searchParams.set('code', code);
      location.searchParams.set('state', q.get('state'));
      res.writeHead(302, { location: location.href }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const grant = codes.get(form.get('code'));
        codes.delete(form.get('code'));
        const verifier = form.get('code_verifier') ?? '';
        const ok =
          req.headers.authorization === expectedAuth &&
          form.get('grant_type') === 'authorization_code' &&
          grant !== undefined &&
          grant.redirectUri === form.get('redirect_uri') &&
          createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
        if (!ok) {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            access_token: `access-${form.get('code')}`,
            id_token: `id-${form.get('code')}`,
            refresh_token: `refresh-${form.get('code')}`,
            token_type: 'Bearer',
            expires_in: 3600,
          }),
        );
      });
      return;
    }
    res.writeHead(404).end();
  });
  // Like a CDN in front of Cognito, keep idle connections longer than a busy client takes between
  // two requests; Node's 5 s default closes sockets the client is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
    process.send?.({ port: server.address().port });
  });
  // Stop with the parent, whatever happens to it.
  process.on('disconnect', () => process.exit(0));
}

async function main() {
  const concurrent = intFromEnv('LOAD_CONCURRENT', 1_000);
  const sequential = intFromEnv('LOAD_SEQUENTIAL', 10_000);
  const heapBoundMb = intFromEnv('LOAD_HEAP_BOUND_MB', 5);
  if (typeof globalThis.gc !== 'function') {
    console.error('Run with node --expose-gc (npm run load does).');
    process.exit(2);
  }
  const watchdog = setTimeout(() => {
    console.error('load: gave up after 5 minutes');
    process.exit(1);
  }, 300_000);
  watchdog.unref();

  const { CognitoOAuthClient } = await import(new URL('../dist/index.js', import.meta.url).href);
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`load server exited with ${code}`)));
  });
  const client = new CognitoOAuthClient({
    domain: `http://127.0.0.1:${port}`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT_URI,
    scopes: ['openid', 'email'],
    timeout: 30_000,
  });

  /** One code flow: authorize URL, the 302 to the callback, parseCallback, exchangeCode. */
  const signIn = async () => {
    const request = await client.buildAuthorizeUrl();
    const redirect = await fetch(request.url, { redirect: 'manual' });
    await redirect.body?.cancel();
    const location = redirect.headers.get('location');
    if (redirect.status !== 302 || !location) throw new Error(`authorize answered ${redirect.status}`);
    const { code } = client.parseCallback(location, { expectedState: request.state });
    const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier });
    if (tokens.accessToken !== `access-${code}` || tokens.refreshToken !== `refresh-${code}`) throw new Error('tokens of another code');
  };

  const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
  const heapAfterGc = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  let failures = 0;

  try {
    // 1. Concurrency: every flow at once.
    await signIn(); // warm-up: loads the network chunk and opens the first connection
    const latencies = [];
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: concurrent }, async () => {
        const t = performance.now();
        await signIn();
        latencies.push(performance.now() - t);
      }),
    );
    const elapsed = performance.now() - started;
    const errors = results.filter((r) => r.status === 'rejected');
    failures += errors.length;
    latencies.sort((a, b) => a - b);
    const pct = (p) =>
      latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1) : 'n/a';
    console.log(`concurrent: ${concurrent} code flows at once (${2 * concurrent} HTTP requests), ${errors.length} errors`);
    console.log(
      `  wall time ${elapsed.toFixed(0)} ms, ${((concurrent / elapsed) * 1000).toFixed(0)} flows/s; per flow p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`,
    );
    for (const error of errors.slice(0, 3)) console.log(`  error: ${describe(error.reason)}`);

    // Baseline: the same 2,000 requests with plain fetch and no SDK, to tell the SDK's cost from the platform's.
    const origin = `http://127.0.0.1:${port}`;
    const baselineStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        const redirect = await fetch(
          `${origin}/oauth2/authorize?client_id=${CLIENT_ID}&code_challenge_method=S256&code_challenge=x&state=s&redirect_uri=${REDIRECT_URI}`,
          { redirect: 'manual' },
        );
        await redirect.body?.cancel();
        const token = await fetch(`${origin}/oauth2/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'authorization_code', code: 'none' }),
        });
        await token.text();
      }),
    );
    const baseline = performance.now() - baselineStart;
    console.log(
      `  baseline without the SDK (plain fetch, same ${2 * concurrent} requests, reusing the connections opened above): ${baseline.toFixed(0)} ms`,
    );

    // 2. Memory: sequential flows, heap after a forced GC at the 1,000th and at the last.
    const checkpoint = Math.min(1_000, sequential);
    let heapAtCheckpoint = 0;
    let sequentialErrors = 0;
    const sequentialStart = performance.now();
    for (let i = 1; i <= sequential; i++) {
      try {
        await signIn();
      } catch (error) {
        sequentialErrors++;
        if (sequentialErrors <= 3) console.log(`  error at call ${i}: ${describe(error)}`);
      }
      if (i === checkpoint) heapAtCheckpoint = heapAfterGc();
    }
    const sequentialElapsed = performance.now() - sequentialStart;
    const heapAtEnd = heapAfterGc();
    failures += sequentialErrors;
    const growth = heapAtEnd - heapAtCheckpoint;
    const withinBound = growth < heapBoundMb * 1024 * 1024;
    console.log(
      `sequential: ${sequential} code flows one after another, ${sequentialErrors} errors, ${sequentialElapsed.toFixed(0)} ms (${((sequential / sequentialElapsed) * 1000).toFixed(0)} flows/s)`,
    );
    console.log(
      `  heap after GC: ${mb(heapAtCheckpoint)} MB at call ${checkpoint}, ${mb(heapAtEnd)} MB at call ${sequential}; growth ${mb(growth)} MB (bound ${heapBoundMb} MB: ${withinBound ? 'ok' : 'EXCEEDED'})`,
    );
    console.log(`  rss ${mb(process.memoryUsage().rss)} MB`);
    if (!withinBound) failures++;
  } finally {
    child.disconnect();
    child.kill();
  }
  console.log(failures === 0 ? 'load: ok' : `load: FAILED (${failures} problems)`);
  process.exitCode = failures === 0 ? 0 : 1;
}

/** An error and its causes on one line (codes and messages only). */
function describe(error) {
  const parts = [];
  for (let e = error, depth = 0; e && depth < 4; e = e.cause, depth++) parts.push(`${e.code ?? e.name ?? ''} ${e.message ?? e}`.trim());
  return parts.join(' <- ');
}
