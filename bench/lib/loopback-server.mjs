// A stand-in for Cognito's token endpoint on 127.0.0.1, run as a child process of the bench so the
// client under test has its own CPU. It tells the parent its port over IPC and exits when the
// parent goes away (or after ten minutes at most).
import { createServer } from 'node:http';

const body = process.argv[2] ?? '{}';
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    if (req.method !== 'POST' || req.url !== '/oauth2/token' || form.get('grant_type') !== 'authorization_code') {
      res.writeHead(400, { 'content-type': 'application/json;charset=UTF-8' }).end('{"error":"invalid_request"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' }).end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), 600_000).unref();
