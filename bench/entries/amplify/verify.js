export * from './flow.js';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

// Amplify only decodes tokens; aws-jwt-verify is the usual companion to verify them.
const verifier = CognitoJwtVerifier.create({ userPoolId: 'us-east-1_Example', tokenUse: 'id', clientId: '1example23456789' });
export const verifyIdToken = (jwt) => verifier.verify(jwt);
