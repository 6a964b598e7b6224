import { createRemoteJWKSet, jwtVerify } from 'jose';

const issuer = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example';
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
export const verifyIdToken = (jwt) => jwtVerify(jwt, jwks, { issuer, audience: '1example23456789' });
