// Next.js 16's proxy (called middleware.ts, with `export function middleware`, before 16): pages
// under /account need a session cookie, else the browser goes to /login first. It only looks at the
// cookie; the pages and route handlers check the session itself (a proxy is a first gate, never
// the only one).
import { cookiesOf, getAuth } from './lib/auth.js';

export function proxy(request: Request): Response | undefined {
  if (cookiesOf(request)[getAuth().names.session] !== undefined) return undefined; // go on
  return Response.redirect(new URL('/login', request.url), 307);
}

export const config = { matcher: ['/account/:path*'] };
