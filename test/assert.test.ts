// The argument assertions: every bad argument is a TypeError with a stable code, and a message built
// from the argument's name and what it must be.
import { describe, expect, it } from 'vitest';
import { invalid, nonEmptyString, object, oneOf, stringList, wholeNumber } from '../src/assert.js';
import { buildAuthorizeUrl, CognitoOAuthClient, JwksCache } from '../src/index.js';
import { rejectionOf, thrownBy } from './support/outcomes.js';

describe('the assertion helpers', () => {
  it('build the message from the name and the expectation, with the code', () => {
    expect(thrownBy(() => invalid('f: x', 'a thing'))).toMatchObject({ name: 'TypeError', message: 'f: x must be a thing', code: 'ERR_INVALID_ARG_VALUE' });
    expect(thrownBy(() => nonEmptyString(4, 'f: s'))).toMatchObject({ message: 'f: s must be a non-empty string', code: 'ERR_INVALID_ARG_TYPE' });
    expect(thrownBy(() => nonEmptyString('', 'f: s'))).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect(thrownBy(() => object(null, 'f: o'))).toMatchObject({ message: 'f: o must be an object', code: 'ERR_INVALID_ARG_TYPE' });
    expect(thrownBy(() => oneOf('c', 'f: m', ['a', 'b']))).toMatchObject({ message: "f: m must be 'a' or 'b'", code: 'ERR_INVALID_ARG_VALUE' });
    expect(thrownBy(() => oneOf('d', 'f: m', ['a', 'b', 'c']))).toMatchObject({ message: "f: m must be 'a', 'b' or 'c'" });
    expect(thrownBy(() => wholeNumber(1.5, 'f: n', 1, 0, 9))).toMatchObject({ message: 'f: n must be a whole number from 0 to 9', code: 'ERR_INVALID_ARG_VALUE' });
    expect(thrownBy(() => wholeNumber('1', 'f: n', 1, 0, 9))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(thrownBy(() => stringList(['a', 1], 'f: l', /./, 'strings'))).toMatchObject({ message: 'f: l must be strings' });
  });

  it('return the value, or the fallback, when it is good', () => {
    expect(oneOf(undefined, 'f', ['a', 'b'], 'b')).toBe('b');
    expect(wholeNumber(undefined, 'f', 7, 0, 9)).toBe(7);
    const list = stringList(['a'], 'f', /./, 'x');
    expect(list).toEqual(['a']);
    expect(Object.isFrozen(list)).toBe(true);
  });
});

describe('every public entry point gives coded TypeErrors', () => {
  const codes = ['ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_MISSING_OPTION'];
  const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123' });

  it.each([
    ['the constructor', () => new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc 123' })],
    ['a missing redirect URI', () => client.buildLogoutUrl({})],
    ['the JwksCache constructor', () => new JwksCache({ cooldown: -1 })],
    ['parseCallback without expectedState', () => client.parseCallback('https://app.example.com/cb?code=a&state=b', { expectedState: '' })],
  ])('%s', (_what, call) => {
    const error = thrownBy(call);
    expect(error).toBeInstanceOf(TypeError);
    expect(codes).toContain((error as { code?: string }).code);
  });

  it.each([
    ['buildAuthorizeUrl without a redirect URI', () => client.buildAuthorizeUrl()],
    ['the standalone buildAuthorizeUrl', () => buildAuthorizeUrl({ domain: 'auth.example.com', clientId: 'abc123', redirectUri: 'not a url' })],
    ['verifyIdToken without userPoolId', () => client.verifyIdToken('a.b.c')],
    ['clientCredentials without a secret', () => client.clientCredentials()],
    ['exchangeCode with a short verifier', () => client.exchangeCode({ code: 'c', codeVerifier: 'short' })],
  ])('%s (async)', async (_what, call) => {
    const error = await rejectionOf(call());
    expect(error).toBeInstanceOf(TypeError);
    expect(codes).toContain((error as { code?: string }).code);
  });

  it('says which option is missing with ERR_MISSING_OPTION', async () => {
    expect(await rejectionOf(client.buildAuthorizeUrl())).toMatchObject({ code: 'ERR_MISSING_OPTION', message: expect.stringMatching(/^buildAuthorizeUrl: redirectUri must be set/) });
    expect(await rejectionOf(client.clientCredentials())).toMatchObject({ code: 'ERR_MISSING_OPTION', message: expect.stringMatching(/^clientCredentials: clientSecret/) });
    expect(await rejectionOf(client.verifyIdToken('a.b.c'))).toMatchObject({ code: 'ERR_MISSING_OPTION' });
  });
});
