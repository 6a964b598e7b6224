// The URLs of a client: the checks every URL-shaped option goes through (the user pool domain,
// redirect and logout URIs, scopes and the app client ID), shared by the constructor, the standalone
// authorize URL and the per-call overrides so each rule is written once; and the endpoint URLs of the
// domain. One module on purpose: the class, the network chunk and the verification chunk all use it,
// so a bundler puts it in the one chunk they share instead of a chunk of its own.
import { invalid, nonEmptyString, stringList } from '../assert.js';

/**
 * True for hosts where plain `http://` is acceptable: this machine only, by exact name (not
 * `*.localhost`, which a resolver or proxy may send elsewhere).
 */
export const isLoopbackHost = (hostname: string): boolean => /^(localhost|127\.0\.0\.1|\[::1\])$/.test(hostname);

/** An app client ID: Cognito's pattern is `[\w+]+`, 1-128 characters. */
export function checkClientId(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^[\w+]{1,128}$/.test(value)) invalid(name, 'a Cognito app client ID (1-128 letters, digits, _ or +)');
  return value;
}

/**
 * Parses an absolute URL for the option `name`, or throws its `TypeError`; `http://` only on a
 * loopback host. Every URL option (domain, redirect and logout URIs, issuer, resource) comes here.
 */
export function webUrl(text: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid(name, 'an absolute URL such as "https://app.example.com/callback"');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) invalid(name, 'https:// (http:// only on localhost, 127.0.0.1 and [::1])');
  return url;
}

/** Turns `myapp.auth.us-east-1.amazoncognito.com` or `https://auth.example.com/` into an origin. */
export function resolveDomain(domain: unknown, name: string): string {
  const text = nonEmptyString(domain, name).trim();
  const url = webUrl(/^[a-z][\w+.-]*:\/\//i.test(text) ? text : `https://${text}`, name);
  const host = url.hostname;
  if (
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    /[#?]$/.test(text)
  ) {
    invalid(name, 'a bare https:// host such as "auth.example.com", without path, query, fragment or credentials');
  }
  // The issuer host serves only discovery and JWKS; /oauth2/* lives on the user pool domain.
  if (/^(issuer-)?cognito-idp[.-]/i.test(host)) invalid(name, 'the user pool domain that serves /oauth2/*, not the issuer host');
  // 'myapp' alone would become https://myapp: the prefix is not the domain.
  if (!host.includes('.') && !isLoopbackHost(host))
    invalid(name, `the full domain, e.g. "${host}.auth.<region>.amazoncognito.com" for a prefix domain`);
  return url.origin;
}

/**
 * Checks a redirect or logout URI and returns it as the URL parser normalises it, so that what was
 * checked is what is sent: `https://`; `http://` on `localhost`, `127.0.0.1` or `[::1]`; or a native
 * app's custom scheme (`myapp://cb`, `com.example.app:/cb`). No fragment, no user name or password
 * (`https://evil@app.example.com/` reads as app.example.com to a person and sends credentials).
 */
export function checkRedirectUri(value: unknown, name: string): string {
  const text = nonEmptyString(value, name);
  const url = webUrl(text, name);
  const { href } = url;
  // A native app's scheme, by shape: reverse-DNS (`com.example.app:/cb`, RFC 8252 section 7.1) or
  // `name://…`; never a scheme that the browser or the OS handles itself.
  const appScheme =
    /^[a-z][a-z\d+-]*(\.[a-z\d+-]+)+:|^[a-z][a-z\d+-]*:\/\//.test(href) &&
    !/^(javascript|vbscript|data|blob|file|ftp|wss?|about|jar|view-source|filesystem|chrome(-extension)?|moz-extension|resource|intent):/.test(
      href,
    );
  if (text.includes('#') || url.username || url.password || !(/^https?:$/.test(url.protocol) || appScheme)) {
    invalid(name, 'an https:// URL (http:// on localhost) or a native app scheme such as myapp://cb, without a fragment or user@');
  }
  // Cognito matches the registered URL exactly, and a bare origin (https://www.example.com, as in
  // AWS's examples) is registered without the slash the parser adds.
  return url.pathname === '/' && !url.search && !text.endsWith('/') ? href.slice(0, -1) : href;
}

/** The redirect URI of one request: the per-call one, else the configured one; required either way. */
export function resolveRedirectUri(configured: string | undefined, override: string | undefined, caller: string): string {
  const name = `${caller}: redirectUri`;
  // The configured URI was checked when it was set; only another one needs checking here.
  if (override !== undefined && override !== configured) return checkRedirectUri(override, name);
  return configured ?? invalid(name, 'set in the client options or passed to this call', 'ERR_MISSING_OPTION');
}

/** A list of scopes: strings without whitespace. */
export function checkScopes(value: unknown, name: string): readonly string[] {
  return stringList(value, name, /^\S+$/, "an array of scope strings without spaces, e.g. ['openid', 'email']");
}

/**
 * Paths on the user pool domain. The only place they are spelled out. Note the capital I in
 * `userInfo` and that logout lives at `/logout`, not under `/oauth2`.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 */
export const ENDPOINT_PATHS = {
  authorize: '/oauth2/authorize',
  token: '/oauth2/token',
  userInfo: '/oauth2/userInfo',
  revoke: '/oauth2/revoke',
  logout: '/logout',
  login: '/login',
  signup: '/signup',
} as const;

/** A path on the user pool domain. Internal. */
export type EndpointName = keyof typeof ENDPOINT_PATHS;

/** The absolute URL of one endpoint for an origin such as `https://auth.example.com`. Internal. */
export function endpointUrl(origin: string, name: EndpointName): string {
  return origin + ENDPOINT_PATHS[name];
}
