// A single-page app that signs in with Cognito's managed login and keeps the user signed in with
// CognitoSession: authorization code + PKCE, the code exchange from the browser (CORS), the ID
// token verified, userInfo, automatic refresh before the access token expires, and sign-out that
// reaches every tab.
//
// Pages (one HTML file served at all three paths):
//   /            the sign-in button, or the signed-in user
//   /callback    Cognito redirects here with ?code&state (register it as a callback URL)
//   /signed-out  Cognito's /logout redirects here (register it as a sign-out URL)
//
// The session lives in localStorage: a reload or a new tab of the origin finds the user signed in,
// the tabs share one refresh token (one refresh at a time, under a Web Lock) and sign-out in one
// tab signs out the others. Any script on the origin can read localStorage: guard against XSS, or
// use sessionStorage (one tab) or memoryStorage() (until reload) instead.
import { CognitoOAuthClient, CognitoOAuthError, CognitoSession, OAuthError, webStorage, type TokenSet, type UserInfo } from 'cognito-oauth';

/**
 * What `/config.json` holds: the user pool domain, the app client (a public client, no secret), and
 * the user pool ID (or, for another partition or a local test server, the issuer) so that the SDK
 * verifies the ID token it gets: signature, issuer, audience, expiry and this sign-in's nonce.
 */
interface SpaConfig {
  domain: string;
  clientId: string;
  userPoolId?: string;
  issuer?: string;
  scopes?: string[];
}

type Phase = 'loading' | 'signed-out' | 'redirecting' | 'signed-in' | 'error';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

const ui = {
  status: element<HTMLParagraphElement>('status'),
  error: element<HTMLParagraphElement>('error'),
  signIn: element<HTMLButtonElement>('sign-in'),
  signOut: element<HTMLButtonElement>('sign-out'),
  session: element<HTMLElement>('session'),
  expiresAt: element<HTMLElement>('expires-at'),
  refreshCount: element<HTMLElement>('refresh-count'),
  userInfo: element<HTMLPreElement>('userinfo'),
};

let refreshCount = 0;

function show(phase: Phase, status: string): void {
  document.body.dataset['phase'] = phase;
  ui.status.textContent = status;
  ui.signIn.disabled = phase !== 'signed-out' && phase !== 'error';
  ui.signOut.disabled = phase !== 'signed-in';
  ui.session.hidden = phase !== 'signed-in';
}

function showError(error: unknown): void {
  // CognitoOAuthError messages never carry a token, code or verifier, so they are safe to show.
  const text =
    error instanceof OAuthError
      ? `${error.code}: ${error.error}${error.errorDescription === undefined ? '' : ` (${error.errorDescription})`}`
      : error instanceof CognitoOAuthError
        ? `${error.code}: ${error.message}`
        : String(error);
  ui.error.textContent = text;
  ui.error.hidden = false;
  show('error', 'Something went wrong.');
}

function showSession(tokens: TokenSet, profile?: UserInfo): void {
  ui.expiresAt.textContent = new Date(tokens.expiresAt).toISOString();
  ui.refreshCount.textContent = String(refreshCount);
  if (profile !== undefined) ui.userInfo.textContent = JSON.stringify(profile, null, 2);
}

async function loadConfig(): Promise<SpaConfig> {
  const response = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as SpaConfig;
  if (config.userPoolId === undefined && config.issuer === undefined) {
    throw new Error('/config.json needs userPoolId (or issuer): the app verifies the ID token it gets');
  }
  return config;
}

/** Shows who is signed in (tokens refreshed first when due), or the sign-in button. */
async function showUser(client: CognitoOAuthClient, session: CognitoSession, signedOutText: string): Promise<void> {
  const tokens = await session.getTokens();
  if (tokens === undefined) return show('signed-out', signedOutText);
  // The ID token's claims, verified (signature, issuer, audience, expiry) against the pool's JWKS.
  const user = await session.getUser();
  // expectedSubject: userInfo must be about the user the ID token names.
  const profile = await client.fetchUserInfo(tokens.accessToken, user === undefined ? {} : { expectedSubject: user.sub });
  show('signed-in', `Signed in as ${profile.email ?? profile.username ?? profile.sub}.`);
  showSession(tokens, profile);
}

/** Runs a button's action once at a time and shows what it throws. */
function onClick(button: HTMLButtonElement, action: () => Promise<void>): void {
  button.addEventListener('click', () => {
    button.disabled = true;
    ui.error.hidden = true;
    action().catch(showError);
  });
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const client = new CognitoOAuthClient({
    domain: config.domain,
    clientId: config.clientId,
    ...(config.userPoolId === undefined ? {} : { userPoolId: config.userPoolId }),
    ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
    redirectUri: `${location.origin}/callback`,
    scopes: config.scopes ?? ['openid', 'email', 'profile'],
  });
  // Refreshes on its own before the access token expires, when a tab comes back into view, and at
  // load when the token expired while the page was closed.
  const session = new CognitoSession(client, { storage: webStorage(localStorage) });
  session.on('tokensRefreshed', ({ tokens, fromOtherTab }) => {
    refreshCount += 1;
    showSession(tokens);
    ui.status.textContent = `Tokens refreshed${fromOtherTab ? ' in another tab' : ''} (${refreshCount}).`;
  });
  session.on('signedIn', ({ fromOtherTab }) => {
    if (fromOtherTab) showUser(client, session, 'Not signed in.').catch(showError);
  });
  session.on('signedOut', ({ reason }) => {
    if (reason !== 'signOut') show('signed-out', reason === 'otherTab' ? 'Signed out in another tab.' : 'Your session ended; please sign in again.');
  });

  onClick(ui.signIn, async () => {
    // Builds the URL with WebCrypto only: the SDK's network module (ky, zod) is not loaded yet.
    const { url } = await session.signIn();
    show('redirecting', 'Redirecting to the sign-in page…');
    location.assign(url);
  });
  onClick(ui.signOut, async () => {
    // Clears the session here and in the other tabs, then revokes the refresh token (that also
    // ends the access and ID tokens issued with it); a failed revoke does not keep anyone signed in.
    const { logoutUrl, revokeError } = await session.signOut({ logoutUri: `${location.origin}/signed-out` });
    if (revokeError !== undefined) console.warn('Revoking the refresh token failed:', revokeError);
    show('redirecting', 'Signing out…');
    // Cognito's /logout ends the managed-login session too, then comes back to /signed-out.
    location.assign(logoutUrl ?? '/signed-out');
  });

  if (location.pathname === '/callback') {
    const callbackUrl = location.href;
    // Take ?code&state out of the address bar and the history before anything can fail.
    history.replaceState(null, '', '/');
    show('loading', 'Exchanging the code…');
    // Checks state, exchanges the code with the verifier kept at sign-in, verifies the ID token and
    // its nonce, and keeps the tokens. A reload of /callback finds no pending sign-in: an error.
    await session.handleCallback(callbackUrl);
  }
  await showUser(client, session, location.pathname === '/signed-out' ? 'You are signed out.' : 'Not signed in.');
}

main().catch(showError);
