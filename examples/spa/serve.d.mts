/** Serves the built SPA on 127.0.0.1; `origin` is `http://localhost:PORT`. */
export function serveSpa(options: {
  dir: string;
  /** Read on every request to /config.json. */
  config: () => object;
  port?: number;
}): Promise<{ origin: string; close(): Promise<void> }>;
