// A recording reverse proxy on 127.0.0.1: forwards every request to `target` unchanged and keeps
// what was sent (method, path, Authorization, form body), so tests can assert the requests a
// separate process (the CLI) made. Start it first, then point a server's issuer at `url`.
import http from 'node:http';

/**
 * @returns {Promise<{
 *   url: string,
 *   target: string | undefined,
 *   requests: { method: string, path: string, authorization: string | undefined, body: URLSearchParams }[],
 *   close(): Promise<void>,
 * }>}
 */
export async function startRecordingProxy() {
  const proxy = {
    url: '',
    target: undefined,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, proxy.url);
      proxy.requests.push({
        method: req.method,
        path: url.pathname,
        authorization: req.headers.authorization,
        body: new URLSearchParams(req.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? body.toString() : ''),
      });
      if (proxy.target === undefined) throw new Error('recording proxy: no target yet');
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      const upstream = await fetch(new URL(url.pathname + url.search, proxy.target), {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        redirect: 'manual',
      });
      const out = {};
      upstream.headers.forEach((value, key) => {
        if (key !== 'set-cookie' && key !== 'content-encoding' && key !== 'content-length' && key !== 'transfer-encoding') out[key] = value;
      });
      const cookies = upstream.headers.getSetCookie();
      if (cookies.length > 0) out['set-cookie'] = cookies;
      res.writeHead(upstream.status, out).end(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  return proxy;
}
