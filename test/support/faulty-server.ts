// A local HTTP server on 127.0.0.1 that misbehaves on purpose: it resets connections, never
// answers, stalls halfway through a body, answers with a proxy's HTML, throttles, sends huge
// bodies or redirects elsewhere. Every request is recorded (method, path, headers, body) so a test
// can say exactly how many requests the SDK sent and what they carried.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** What the server does with one request. */
export type Fault =
  /** A normal answer. */
  | { readonly kind: 'reply'; readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  /** A TCP reset as soon as the request has arrived. */
  | { readonly kind: 'reset' }
  /** Never answer (the connection stays open until the client gives up or the server closes). */
  | { readonly kind: 'silent' }
  /** Send the status, the headers (with the full Content-Length) and the first half of the body, then stall. */
  | { readonly kind: 'stall-body'; readonly status: number; readonly body: string }
  /** Stream `bytes` bytes of `fill`, with or without a Content-Length, stopping when the client hangs up. */
  | { readonly kind: 'huge'; readonly status: number; readonly bytes: number; readonly declareLength: boolean; readonly contentType: string };

/** Chooses the fault for the `index`-th request (0-based, counted over all paths). */
export type FaultPlan = (request: RecordedRequest, index: number) => Fault;

export interface FaultyServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Every request received so far, in order. */
  readonly requests: readonly RecordedRequest[];
  /** How many requests hit a path (all paths without one). */
  count(path?: string): number;
  /**
   * Bytes of response body the server handed to the socket (for the huge-body fault). The kernel's
   * socket buffers hold some of them, so a client that hangs up early still sees a few hundred
   * kilobytes written; one that reads the whole body sees all of them.
   */
  readonly bytesWritten: number;
  /** Resolves once every huge body has ended or its client has hung up, so `bytesWritten` is final. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const MAX_REQUEST_BODY = 64 * 1024;

/** Starts a server on 127.0.0.1 (a free port) that answers every request as `plan` says. */
export async function startFaultyServer(plan: FaultPlan): Promise<FaultyServer> {
  const requests: RecordedRequest[] = [];
  let bytesWritten = 0;
  const streams: Promise<void>[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const fault = plan(recorded, requests.length - 1);
      switch (fault.kind) {
        case 'reply':
          res.writeHead(fault.status, fault.headers);
          res.end(fault.body ?? '');
          return;
        case 'reset':
          req.socket.resetAndDestroy();
          return;
        case 'silent':
          return;
        case 'stall-body': {
          const bytes = Buffer.from(fault.body);
          res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
          res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
          return;
        }
        case 'huge':
          streams.push(new Promise((resolve) => res.once('close', resolve)));
          streamHuge(res, fault, (n) => {
            bytesWritten += n;
          });
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => (path === undefined ? requests.length : requests.filter((r) => r.path === path).length),
    get bytesWritten() {
      return bytesWritten;
    },
    settled: async () => {
      await Promise.all(streams);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes up to `fault.bytes` bytes in 64 kB chunks, honouring backpressure; stops when the client goes away. */
function streamHuge(res: http.ServerResponse, fault: Extract<Fault, { kind: 'huge' }>, wrote: (n: number) => void): void {
  const chunk = Buffer.alloc(64 * 1024, fault.contentType.includes('json') ? ' ' : 'x');
  res.writeHead(fault.status, {
    'content-type': fault.contentType,
    ...(fault.declareLength ? { 'content-length': String(fault.bytes) } : {}),
  });
  let remaining = fault.bytes;
  let stopped = false;
  res.on('close', () => {
    stopped = true;
  });
  const pump = (): void => {
    while (!stopped && remaining > 0) {
      const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
      remaining -= piece.length;
      wrote(piece.length);
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!stopped) res.end();
  };
  pump();
}
