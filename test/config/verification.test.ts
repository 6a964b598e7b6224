// userPoolId / issuer / clockTolerance / jwksCache options: issuer derivation (commercial,
// GovCloud), the updated issuer, loopback servers, and TypeErrors that name the option.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, JwksCache, type CognitoOAuthClientOptions } from '../../src/index.js';
import { CLIENT_ID, JWKS, idToken, sign, idClaims, idKey } from '../support/tokens.js';

const make = (options: Partial<CognitoOAuthClientOptions>): CognitoOAuthClient =>
  new CognitoOAuthClient({ domain: 'auth.example.com', clientId: CLIENT_ID, ...options });

describe('issuer derivation', () => {
  it.each([
    ['us-east-1_AbC123', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123'],
    ['eu-central-2_x9Y8z7', 'https://cognito-idp.eu-central-2.amazonaws.com/eu-central-2_x9Y8z7'],
    ['ap-southeast-5_Q1', 'https://cognito-idp.ap-southeast-5.amazonaws.com/ap-southeast-5_Q1'],
    ['us-gov-west-1_AbC123', 'https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbC123'],
    ['us-gov-east-1_AbC123', 'https://cognito-idp.us-gov-east-1.amazonaws.com/us-gov-east-1_AbC123'],
  ])('derives the issuer of %s', (userPoolId, issuer) => {
    expect(make({ userPoolId }).issuer).toBe(issuer);
  });

  it('fetches the JWKS of a GovCloud pool from its issuer host and accepts its tokens', async () => {
    const issuer = 'https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbC123';
    nock('https://cognito-idp.us-gov-west-1.amazonaws.com').get('/us-gov-west-1_AbC123/.well-known/jwks.json').reply(200, JWKS);
    await expect(make({ userPoolId: 'us-gov-west-1_AbC123' }).verifyIdToken(idToken({ iss: issuer }))).resolves.toMatchObject({
      iss: issuer,
    });
  });

  it('uses the updated issuer host when issuer says so, for iss and for the JWKS', async () => {
    const issuer = 'https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123';
    const client = make({ userPoolId: 'us-east-1_AbC123', issuer });
    expect(client.issuer).toBe(issuer);
    nock('https://issuer-cognito-idp.us-east-1.amazonaws.com').get('/us-east-1_AbC123/.well-known/jwks.json').reply(200, JWKS);
    await expect(client.verifyIdToken(idToken({ iss: issuer }))).resolves.toMatchObject({ iss: issuer });
  });

  it('accepts an http:// issuer on a loopback host (a local server) and fetches its JWKS there', async () => {
    const issuer = 'http://127.0.0.1:9/us-east-1_LOCAL';
    nock('http://127.0.0.1:9').get('/us-east-1_LOCAL/.well-known/jwks.json').reply(200, JWKS);
    await expect(make({ issuer }).verifyIdToken(sign(idClaims({ iss: issuer }), idKey))).resolves.toMatchObject({ iss: issuer });
  });

  it.each([
    ['cn-north-1_AbC123', 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC123'],
    ['eusc-de-east-1_AbC123', 'https://cognito-idp.eusc-de-east-1.amazonaws.eu/eusc-de-east-1_AbC123'],
  ])('accepts %s of another partition when its issuer is given', (userPoolId, issuer) => {
    expect(make({ userPoolId, issuer }).issuer).toBe(issuer);
    expect(make({ issuer }).issuer).toBe(issuer);
  });
});

describe('bad values are TypeErrors naming the option', () => {
  it.each([
    ['userPoolId', { userPoolId: '' }],
    ['userPoolId', { userPoolId: 'us-east-1' }],
    ['userPoolId', { userPoolId: 'AbC123' }],
    ['userPoolId', { userPoolId: 'us-east-1_Ab-C' }],
    ['userPoolId', { userPoolId: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123' }],
    ['userPoolId', { userPoolId: 42 }],
    ['userPoolId', { userPoolId: 'cn-north-1_AbC123' }],
    ['userPoolId', { userPoolId: 'eusc-de-east-1_AbC123' }],
    ['userPoolId', { userPoolId: 'bad id_x', issuer: 'https://cognito-idp.example.eu/bad id_x' }],
    ['issuer', { issuer: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123' }],
    ['issuer', { issuer: 'http://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123' }],
    ['issuer', { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123?x=1' }],
    ['issuer', { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123#x' }],
    ['issuer', { issuer: 'https://user:pw@cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123' }],
    ['issuer', { issuer: 'ftp://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123' }],
    ['issuer', { userPoolId: 'us-east-1_AbC123', issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }],
    ['clockTolerance', { userPoolId: 'us-east-1_AbC123', clockTolerance: -1 }],
    ['clockTolerance', { userPoolId: 'us-east-1_AbC123', clockTolerance: 30_000 }],
    ['clockTolerance', { userPoolId: 'us-east-1_AbC123', clockTolerance: Number.NaN }],
    ['clockTolerance', { userPoolId: 'us-east-1_AbC123', clockTolerance: '30' }],
    ['jwksCache', { userPoolId: 'us-east-1_AbC123', jwksCache: new Map() }],
    ['jwksCache', { jwksCache: new JwksCache() }],
    ['dangerouslySkipIdTokenVerification', { userPoolId: 'us-east-1_AbC123', dangerouslySkipIdTokenVerification: 'yes' }],
  ])('%s: %j', (name, options) => {
    expect(() => make(options as Partial<CognitoOAuthClientOptions>)).toThrow(TypeError);
    expect(() => make(options as Partial<CognitoOAuthClientOptions>)).toThrow(new RegExp(`CognitoOAuthClient: ${name}`));
  });

  it('keeps verification off, and the issuer undefined, without userPoolId and issuer', () => {
    expect(make({}).issuer).toBeUndefined();
    expect(make({ clockTolerance: 10 }).issuer).toBeUndefined();
  });
});
