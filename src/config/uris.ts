// The checks every URL-shaped option goes through: the user pool domain, redirect and logout URIs,
// scopes and the app client ID. Shared by the constructor, the standalone authorize URL and the
// per-call overrides, so each rule is written once.
import { invalid, nonEmptyString, stringList } from '../assert.js';

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])$/;

/**
 * True for hosts where plain `http://` is acceptable: this machine only, by exact name (not
 * `*.localhost`, which a resolver or proxy may send elsewhere).
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** An app client ID: Cognito's pattern is `[\w+]+`, 1-128 characters. */
export function checkClientId(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^[\w+]{1,128}$/.test(value)) invalid(name, 'a Cognito app client ID (1-128 letters, digits, _ or +)');
  return value;
}

/** Turns `myapp.auth.us-east-1.amazoncognito.com` or `https://auth.example.com/` into an origin. */
export function resolveDomain(domain: unknown, name: string): string {
  const text = nonEmptyString(domain, name).trim();
  const url = parseUrl(/^[a-z][\w+.-]*:\/\//i.test(text) ? text : `https://${text}`, name, 'a host name such as "auth.example.com"');
  checkScheme(url, name);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') invalid(name, 'an https:// host');
  // The issuer host serves only discovery and JWKS; /oauth2/* lives on the user pool domain.
  if (/^(issuer-)?cognito-idp[.-]/i.test(url.hostname)) invalid(name, 'the user pool domain that serves /oauth2/*, not the issuer host');
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || /[#?]$/.test(text)) {
    invalid(name, 'a bare host, without path, query, fragment or credentials');
  }
  // 'myapp' alone would become https://myapp: the prefix is not the domain.
  if (!url.hostname.includes('.') && !isLoopbackHost(url.hostname)) invalid(name, `the full domain, e.g. "${url.hostname}.auth.<region>.amazoncognito.com" for a prefix domain`);
  return url.origin;
}

// A native app's custom scheme, by shape: reverse-DNS (`com.example.app:/cb`, RFC 8252 section 7.1)
// or `name://…` (`myapp://cb`); but never a scheme that the browser or the OS handles itself.
const APP_SCHEME = /^[a-z][a-z\d+-]*(\.[a-z\d+-]+)+:|^[a-z][a-z\d+-]*:\/\//;
const WEB_SCHEME = /^(javascript|vbscript|data|blob|file|ftp|wss?|about|jar|view-source|filesystem|chrome(-extension)?|moz-extension|resource|intent):/;

/**
 * Checks a redirect or logout URI and returns it as the URL parser normalises it, so that what was
 * checked is what is sent: `https://`; `http://` on `localhost`, `127.0.0.1` or `[::1]`; or a native
 * app's custom scheme (`myapp://cb`, `com.example.app:/cb`). No fragment, no user name or password.
 */
export function checkRedirectUri(value: unknown, name: string): string {
  const text = nonEmptyString(value, name);
  const url = parseUrl(text, name, 'an absolute URL such as "https://app.example.com/callback"');
  if (text.includes('#')) invalid(name, 'a URL without a fragment (#)');
  // https://evil@app.example.com/ reads as app.example.com to a person and sends credentials.
  if (url.username || url.password) invalid(name, 'a URL without a user name or password (user@)');
  // Cognito requires HTTPS except for http://localhost; custom schemes (myapp://cb) are for native apps.
  checkScheme(url, name);
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && (!APP_SCHEME.test(url.href) || WEB_SCHEME.test(url.href))) {
    invalid(name, 'an https:// URL, http:// on localhost, 127.0.0.1 or [::1], or a native app scheme such as myapp:// or com.example.app:/');
  }
  // Cognito matches the registered URL exactly, and a bare origin (https://www.example.com, as in
  // AWS's examples) is registered without the slash the parser adds.
  return url.pathname === '/' && !url.search && !text.endsWith('/') ? url.href.slice(0, -1) : url.href;
}

/** The redirect URI of one request: the per-call one, else the configured one; required either way. */
export function resolveRedirectUri(configured: string | undefined, override: string | undefined, caller: string): string {
  const name = `${caller}: redirectUri`;
  // The configured URI was checked when it was set; only another one needs checking here.
  if (override !== undefined && override !== configured) return checkRedirectUri(override, name);
  return configured ?? invalid(name, 'set in the client options or passed to this call', 'ERR_MISSING_OPTION');
}

/** `http://` only for loopback hosts. */
export function checkScheme(url: URL, name: string): void {
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) invalid(name, 'https:// (http:// only for localhost, 127.0.0.1 and [::1])');
}

/** Parses an absolute URL or throws the option's `TypeError`. */
export function parseUrl(text: string, name: string, expected: string): URL {
  try {
    return new URL(text);
  } catch {
    return invalid(name, expected);
  }
}

/** A list of scopes: strings without whitespace. */
export function checkScopes(value: unknown, name: string): readonly string[] {
  return stringList(value, name, /^\S+$/, "an array of scope strings without spaces, e.g. ['openid', 'email']");
}
