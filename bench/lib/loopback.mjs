// Section 4: loopback throughput. Many concurrent code exchanges (a fixed count at a fixed
// concurrency) against a token endpoint on 127.0.0.1, through the SDK and through a raw `fetch`
// doing the same request; reported as exchanges per second and the ratio SDK / raw.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLIENT_ID, CODE, CODE_VERIFIER, createFixtures, REDIRECT_URI } from './fixtures.mjs';
import { median, round } from './stats.mjs';

function startServer(body) {
  const child = fork(fileURLToPath(new URL('./loopback-server.mjs', import.meta.url)), [body], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', ({ port }) => resolve({ port, stop: () => child.disconnect() }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`loopback server exited (${code})`)));
  });
}

/** Runs `count` calls of `fn` with at most `concurrency` in flight; returns calls per second. */
async function drive(fn, count, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await fn();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (count * 1000) / (performance.now() - start);
}

export async function measureLoopback(SDK, { count, concurrency, rounds }) {
  const fx = await createFixtures();
  const server = await startServer(fx.codeBody);
  try {
    const origin = `http://127.0.0.1:${server.port}`;
    const client = new SDK.CognitoOAuthClient({ domain: origin, clientId: CLIENT_ID, redirectUri: REDIRECT_URI, retries: 0 });
    const impls = {
      'cognito-oauth exchangeCode': async () => {
        const tokens = await client.exchangeCode({ code: CODE, codeVerifier: CODE_VERIFIER });
        if (!tokens.accessToken) throw new Error('no access token');
      },
      // The same request by hand: form POST, JSON parse, a presence check.
      'raw fetch': async () => {
        const response = await fetch(`${origin}/oauth2/token`, {
          method: 'POST',
          headers: { accept: 'application/json' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: CLIENT_ID,
            code: CODE,
            redirect_uri: REDIRECT_URI,
            code_verifier: CODE_VERIFIER,
          }),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = JSON.parse(await response.text());
        if (typeof body.access_token !== 'string') throw new Error('no access token');
      },
    };
    const names = Object.keys(impls);
    for (const name of names) await drive(impls[name], Math.min(count, 200), concurrency); // warm-up, opens connections
    const samples = new Map(names.map((n) => [n, []]));
    const ratios = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? names : [...names].reverse();
      for (const name of order) samples.get(name).push(await drive(impls[name], count, concurrency));
      ratios.push(samples.get(names[0]).at(-1) / samples.get(names[1]).at(-1));
    }
    return {
      count,
      concurrency,
      rounds,
      rows: names.map((name) => ({
        name,
        perSecond: round(median(samples.get(name)), 0),
        rounds: samples.get(name).map((v) => round(v, 0)),
      })),
      ratio: round(median(ratios), 3),
      ratios: ratios.map((v) => round(v, 3)),
    };
  } finally {
    server.stop();
  }
}
