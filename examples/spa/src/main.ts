// A single-page app that signs in with Cognito's managed login: authorization code + PKCE, the code
// exchange from the browser (CORS), userInfo, refresh, revoke and sign-out.
//
// Pages (one HTML file served at all three paths):
//   /            the sign-in button
//   /callback    Cognito redirects here with ?code&state (register it as a callback URL)
//   /signed-out  Cognito's /logout redirects here (register it as a sign-out URL)
//
// Only `state`, `nonce` and `codeVerifier` go to sessionStorage, and only for the length of the
// redirect. Tokens stay in memory: a reload drops them, and no other script on the origin can read
// them from storage.
import {
  CognitoOAuthClient,
  CognitoOAuthError,
  decodeJwtUnverified,
  OAuthError,
  type CognitoIdTokenClaims,
  type TokenSet,
  type UserInfo,
} from 'cognito-oauth';

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

/** What survives the round trip to Cognito's login page. */
interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

type Phase = 'loading' | 'signed-out' | 'redirecting' | 'signed-in' | 'error';

const PENDING_KEY = 'cognito-oauth-spa:pending-sign-in';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

const ui = {
  status: element<HTMLParagraphElement>('status'),
  error: element<HTMLParagraphElement>('error'),
  signIn: element<HTMLButtonElement>('sign-in'),
  refresh: element<HTMLButtonElement>('refresh'),
  signOut: element<HTMLButtonElement>('sign-out'),
  session: element<HTMLElement>('session'),
  expiresAt: element<HTMLElement>('expires-at'),
  refreshCount: element<HTMLElement>('refresh-count'),
  userInfo: element<HTMLPreElement>('userinfo'),
};

let tokens: TokenSet | undefined;
let refreshCount = 0;

function show(phase: Phase, status: string): void {
  document.body.dataset['phase'] = phase;
  ui.status.textContent = status;
  ui.signIn.disabled = phase !== 'signed-out' && phase !== 'error';
  ui.refresh.disabled = phase !== 'signed-in' || tokens?.refreshToken === undefined;
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

function showSession(profile: UserInfo | undefined): void {
  if (tokens === undefined) return;
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

async function signIn(client: CognitoOAuthClient): Promise<void> {
  // Builds the URL with WebCrypto only: the SDK's network module (ky, zod) is not loaded yet.
  const request = await client.buildAuthorizeUrl();
  const pending: PendingSignIn = { state: request.state, nonce: request.nonce, codeVerifier: request.codeVerifier };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  show('redirecting', 'Redirecting to the sign-in page…');
  location.assign(request.url);
}

async function completeSignIn(client: CognitoOAuthClient): Promise<void> {
  const saved = sessionStorage.getItem(PENDING_KEY);
  // One use only: a reloaded or replayed callback must not find the verifier again.
  sessionStorage.removeItem(PENDING_KEY);
  const callbackUrl = location.href;
  // Take ?code&state out of the address bar and the history before anything can fail.
  history.replaceState(null, '', '/');
  if (saved === null) throw new Error('No sign-in is pending in this tab; start again.');
  const pending = JSON.parse(saved) as PendingSignIn;

  const { code } = client.parseCallback(callbackUrl, { expectedState: pending.state });
  show('loading', 'Exchanging the code…');
  // With userPoolId (or issuer) set, the SDK verifies the ID token against the pool's JWKS and
  // checks that it carries this sign-in's nonce before it returns anything.
  tokens = await client.exchangeCode({ code, codeVerifier: pending.codeVerifier, nonce: pending.nonce });
  // Verified just above, so reading its claims is safe here.
  const claims = tokens.idToken === undefined ? undefined : decodeJwtUnverified<CognitoIdTokenClaims>(tokens.idToken).payload;
  const profile = await client.fetchUserInfo(tokens.accessToken, claims === undefined ? {} : { expectedSubject: claims.sub });
  show('signed-in', `Signed in as ${profile.email ?? profile.username ?? profile.sub}.`);
  showSession(profile);
}

async function refresh(client: CognitoOAuthClient): Promise<void> {
  if (tokens?.refreshToken === undefined) return;
  tokens = await client.refreshTokens(tokens.refreshToken);
  refreshCount += 1;
  const profile = await client.fetchUserInfo(tokens.accessToken);
  show('signed-in', `Tokens refreshed (${refreshCount}).`);
  showSession(profile);
}

async function signOut(client: CognitoOAuthClient): Promise<void> {
  const refreshToken = tokens?.refreshToken;
  tokens = undefined;
  // Revoking the refresh token also ends the access and ID tokens issued with it; /logout alone
  // only ends the managed-login session cookie.
  if (refreshToken !== undefined) await client.revokeToken(refreshToken);
  show('redirecting', 'Signing out…');
  location.assign(client.buildLogoutUrl({ logoutUri: `${location.origin}/signed-out` }));
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
  onClick(ui.signIn, () => signIn(client));
  onClick(ui.refresh, () => refresh(client));
  onClick(ui.signOut, () => signOut(client));

  if (location.pathname === '/callback') {
    await completeSignIn(client);
  } else if (location.pathname === '/signed-out') {
    show('signed-out', 'You are signed out.');
  } else {
    show('signed-out', 'Not signed in.');
  }
}

main().catch(showError);
