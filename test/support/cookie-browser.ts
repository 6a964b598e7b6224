// A browser's cookie jar for one server-side app, enough for the example tests: name → value, no
// paths or expiry; Set-Cookie with an empty value or Max-Age=0 deletes. Redirects are not followed.
//
//   const browser = new CookieBrowser('http://127.0.0.1:PORT');
//   const response = await browser.get('/login');     // or browser.request(path, init)
//
// `send` replaces the network: new CookieBrowser(origin, (request) => handler(request)) drives
// Request → Response functions (route handlers) directly.
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly origin: string,
    readonly send: (request: Request) => Promise<Response> = (request) => fetch(request),
  ) {}

  get(pathOrUrl: string): Promise<Response> {
    return this.request(pathOrUrl, { method: 'GET' });
  }

  async request(pathOrUrl: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await this.send(new Request(new URL(pathOrUrl, this.origin), { ...init, redirect: 'manual', headers }));
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((a) => /^max-age=0$/i.test(a.trim()) || (/^expires=/i.test(a.trim()) && Date.parse(a.trim().slice(8)) <= Date.now()));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}
