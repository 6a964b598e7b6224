/** One request the proxy forwarded. */
export interface ProxiedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The form body (empty for other bodies). */
  body: URLSearchParams;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Where requests go; set it once the server behind the proxy is up. */
  target: string | undefined;
  /** Every request so far, oldest first. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** Starts a recording reverse proxy on 127.0.0.1 at a free port. */
export function startRecordingProxy(): Promise<RecordingProxy>;
