export * from './flow.js';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

// oidc-client-ts verifies no signatures; aws-jwt-verify is the usual companion.
const verifier = CognitoJwtVerifier.create({ userPoolId: 'us-east-1_Example', tokenUse: 'id', clientId: '1example23456789' });
export const verifyIdToken = (jwt) => verifier.verify(jwt);
