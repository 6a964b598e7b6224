export * from './flow.js';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

// arctic only decodes ID tokens; aws-jwt-verify is the usual companion.
const verifier = CognitoJwtVerifier.create({ userPoolId: 'us-east-1_Example', tokenUse: 'id', clientId: '1example23456789' });
export const verifyIdToken = (jwt) => verifier.verify(jwt);
