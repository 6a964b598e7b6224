// Serves the built SPA on 127.0.0.1: index.html at /, /callback and /signed-out, the bundle under
// /assets/, and /config.json (the user pool domain and app client).
//
//   node examples/spa/serve.mjs
//     builds the SPA, starts the repo's Cognito look-alike (test/support/cognito-like.mjs) and
//     prints the address; sign in as alice / Passw0rd!
//   COGNITO_DOMAIN=myapp.auth.eu-west-1.amazoncognito.com COGNITO_CLIENT_ID=… COGNITO_USER_POOL_ID=eu-west-1_… \
//   PORT=5173 node examples/spa/serve.mjs
//     the same against a real user pool: register http://localhost:5173/callback as a callback URL
//     and http://localhost:5173/signed-out as a sign-out URL of a public app client
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PAGES = new Set(['/', '/callback', '/signed-out']);
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json; charset=utf-8' };

/**
 * Starts the static server. `config` is read on every request to /config.json, so it can be set
 * after the port is known.
 * @param {{ dir: string, config: () => object, port?: number }} options
 * @returns {Promise<{ origin: string, close(): Promise<void> }>} origin is `http://localhost:PORT`
 */
export async function serveSpa({ dir, config, port = 0 }) {
  const assets = path.resolve(dir, 'assets');
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
      } else if (PAGES.has(pathname)) {
        const html = await readFile(path.join(dir, 'index.html'));
        // The callback URL carries the code: keep it out of Referer headers.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
        res.end(html);
      } else if (pathname === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(config()));
      } else if (pathname.startsWith('/assets/')) {
        const file = path.resolve(assets, `.${decodeURIComponent(pathname.slice('/assets'.length))}`);
        if (!file.startsWith(assets + path.sep)) throw Object.assign(new Error('outside assets'), { code: 'ENOENT' });
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    } catch (error) {
      const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
      res.writeHead(missing ? 404 : 500, { 'content-type': 'text/plain' }).end(missing ? 'not found' : 'server error');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the SPA server has no TCP address');
  return {
    // localhost, not 127.0.0.1: a different origin (and site) from the look-alike, as a real app
    // on its own host is from Cognito's domain.
    origin: `http://localhost:${address.port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { buildSpa } = await import('./build.mjs');
  const { outdir } = await buildSpa();
  let config = {
    domain: process.env.COGNITO_DOMAIN,
    clientId: process.env.COGNITO_CLIENT_ID,
    userPoolId: process.env.COGNITO_USER_POOL_ID,
  };
  const spa = await serveSpa({ dir: outdir, config: () => config, port: Number(process.env.PORT ?? 0) });
  let lookAlike;
  if (config.domain === undefined || config.clientId === undefined) {
    const { startCognitoLike } = await import(pathToFileURL(path.resolve(here, '../../test/support/cognito-like.mjs')).href);
    lookAlike = await startCognitoLike({ redirectUris: [`${spa.origin}/callback`], logoutUris: [`${spa.origin}/signed-out`] });
    config = { domain: lookAlike.domain, clientId: lookAlike.publicClient.clientId, issuer: lookAlike.issuer };
    console.log(`Cognito look-alike at ${lookAlike.domain}: sign in as ${lookAlike.user.username} / ${lookAlike.user.password}`);
  }
  console.log(`SPA at ${spa.origin}/ (Ctrl-C stops)`);
  process.once('SIGINT', async () => {
    await spa.close();
    await lookAlike?.close();
    process.exit(0);
  });
}
