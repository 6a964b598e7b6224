import { CognitoJwtVerifier } from 'aws-jwt-verify';

const verifier = CognitoJwtVerifier.create({ userPoolId: 'us-east-1_Example', tokenUse: 'id', clientId: '1example23456789' });
export const verifyIdToken = (jwt) => verifier.verify(jwt);
