// Runs the Express example on http://localhost:3000. Configure it with environment variables:
//   COGNITO_DOMAIN         e.g. myapp.auth.us-east-1.amazoncognito.com or auth.example.com
//   COGNITO_CLIENT_ID      a confidential app client (with a secret)
//   COGNITO_CLIENT_SECRET
//   COGNITO_USER_POOL_ID   e.g. us-east-1_AbC123 (tokens are verified against it)
//   COOKIE_SECRET          at least 32 random characters
//   PUBLIC_URL             default http://localhost:3000 (its /callback must be an Allowed callback URL,
//                          and PUBLIC_URL + "/" an Allowed sign-out URL)
import { createApp } from './app.js';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Set ${name} (see the top of server.ts)`);
  return value;
}

const publicUrl = new URL(process.env['PUBLIC_URL'] ?? 'http://localhost:3000');
const app = createApp({
  cognito: {
    domain: required('COGNITO_DOMAIN'),
    clientId: required('COGNITO_CLIENT_ID'),
    clientSecret: required('COGNITO_CLIENT_SECRET'),
    userPoolId: required('COGNITO_USER_POOL_ID'),
    redirectUri: new URL('/callback', publicUrl).href,
    scopes: ['openid', 'email', 'profile'],
  },
  origin: publicUrl.origin,
  logoutUri: new URL('/', publicUrl).href,
  cookieSecret: required('COOKIE_SECRET'),
  // Browsers keep Secure cookies on http://localhost, but not on other plain-http hosts.
  secureCookies: publicUrl.protocol === 'https:' || publicUrl.hostname === 'localhost',
});

const port = Number(publicUrl.port || 3000);
app.listen(port, '127.0.0.1', () => console.log(`Listening on http://127.0.0.1:${port} (public URL ${publicUrl.href})`));
