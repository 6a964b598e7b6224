// Type tests (vitest typecheck): the public signatures, the result and error types, and the
// agreement between the hand-written public interfaces and the zod schemas that parse the wire.
import type * as z from 'zod/mini';
import { assertType, describe, expectTypeOf, it } from 'vitest';
import {
  CognitoOAuthClient,
  CognitoOAuthError,
  ErrorCode,
  OAuthError,
  computeCodeChallenge,
  generateRandomValue,
  type AuthorizationCallback,
  type AuthorizationRequest,
  type AuthorizeParams,
  type ClientCredentialsParams,
  type CognitoOAuthClientOptions,
  type ExchangeCodeParams,
  type FetchLike,
  type FetchUserInfoOptions,
  type ImplicitAuthorizationRequest,
  type ImplicitCallback,
  type LogoutParams,
  type OAuthErrorSource,
  type ParseCallbackOptions,
  type RequestOptions,
  type TokenSet,
  type UserInfo,
} from '../../src/index.js';
import type { ErrorResponseSchema, TokenResponseSchema, UserInfoSchema } from '../../src/network/schemas.js';
import * as subpath from '../../src/authorize.js';
import type { AuthorizeUrlOptions, ImplicitAuthorizeUrlOptions } from '../../src/index.js';

declare const client: CognitoOAuthClient;

describe('constructor options', () => {
  it('needs domain and clientId; everything else is optional', () => {
    assertType<CognitoOAuthClientOptions>({ domain: 'auth.example.com', clientId: 'abc' });
    // @ts-expect-error clientId is required
    assertType<CognitoOAuthClientOptions>({ domain: 'auth.example.com' });
    // @ts-expect-error domain is required
    assertType<CognitoOAuthClientOptions>({ clientId: 'abc' });
    expectTypeOf<CognitoOAuthClientOptions['clientAuthMethod']>().toEqualTypeOf<'client_secret_basic' | 'client_secret_post' | undefined>();
    expectTypeOf<CognitoOAuthClientOptions['scopes']>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<CognitoOAuthClientOptions['timeout']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CognitoOAuthClientOptions['retries']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CognitoOAuthClientOptions['maxResponseBytes']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CognitoOAuthClientOptions['fetch']>().toEqualTypeOf<FetchLike | undefined>();
  });

  it('takes the global fetch as its fetch option', () => {
    assertType<CognitoOAuthClientOptions>({ domain: 'd', clientId: 'c', fetch: globalThis.fetch });
    // @ts-expect-error clientAuthMethod is a closed set
    assertType<CognitoOAuthClientOptions>({ domain: 'd', clientId: 'c', clientAuthMethod: 'private_key_jwt' });
  });

  it('constructs from options and exposes domain and clientId as strings', () => {
    expectTypeOf(CognitoOAuthClient).constructorParameters.toEqualTypeOf<[CognitoOAuthClientOptions]>();
    expectTypeOf(client.domain).toEqualTypeOf<string>();
    expectTypeOf(client.clientId).toEqualTypeOf<string>();
  });
});

describe('method signatures', () => {
  it('buildAuthorizeUrl is async and returns what to keep across the redirect', () => {
    expectTypeOf(client.buildAuthorizeUrl).parameters.toEqualTypeOf<[params?: AuthorizeParams | undefined]>();
    expectTypeOf(client.buildAuthorizeUrl).returns.toEqualTypeOf<Promise<AuthorizationRequest>>();
    expectTypeOf<AuthorizationRequest>().toEqualTypeOf<{
      url: string;
      state: string;
      codeVerifier: string;
      nonce: string;
      redirectUri: string;
    }>();
    assertType<AuthorizeParams>({
      prompt: ['login', 'consent'],
      lang: 'fr',
      identityProvider: 'Google',
      resource: 'https://api.example.com',
    });
    assertType<AuthorizeParams>({ lang: 'some-future-language' });
    // @ts-expect-error prompt values are Cognito's
    assertType<AuthorizeParams>({ prompt: 'always' });
    // @ts-expect-error scopes are a list, not a space-separated string
    assertType<AuthorizeParams>({ scopes: 'openid email' });
  });

  it('the standalone buildAuthorizeUrl takes the app client with the parameters, redirectUri required', () => {
    expectTypeOf(subpath.buildAuthorizeUrl).parameters.toEqualTypeOf<[options: AuthorizeUrlOptions]>();
    expectTypeOf(subpath.buildAuthorizeUrl).returns.toEqualTypeOf<Promise<AuthorizationRequest>>();
    expectTypeOf(subpath.buildImplicitAuthorizeUrl).returns.toEqualTypeOf<ImplicitAuthorizationRequest>();
    expectTypeOf<AuthorizeUrlOptions>().toExtend<AuthorizeParams>();
    expectTypeOf<AuthorizeUrlOptions['redirectUri']>().toEqualTypeOf<string>();
    assertType<AuthorizeUrlOptions>({
      domain: 'auth.example.com',
      clientId: 'abc',
      redirectUri: 'https://app.example.com/cb',
      page: 'signup',
      lang: 'fr',
    });
    // @ts-expect-error the redirect URI is required without a client to hold it
    assertType<AuthorizeUrlOptions>({ domain: 'auth.example.com', clientId: 'abc' });
    assertType<ImplicitAuthorizeUrlOptions>({
      domain: 'auth.example.com',
      clientId: 'abc',
      redirectUri: 'https://app.example.com/cb',
      // @ts-expect-error the implicit flow has no page
      page: 'login',
    });
  });

  it('buildImplicitAuthorizeUrl is synchronous and has no verifier', () => {
    expectTypeOf(client.buildImplicitAuthorizeUrl).returns.toEqualTypeOf<ImplicitAuthorizationRequest>();
    expectTypeOf<ImplicitAuthorizationRequest>().not.toHaveProperty('codeVerifier');
  });

  it('parseCallback needs expectedState and returns code and state', () => {
    expectTypeOf(client.parseCallback).parameters.toEqualTypeOf<[url: string | URL, options: ParseCallbackOptions]>();
    expectTypeOf(client.parseCallback).returns.toEqualTypeOf<AuthorizationCallback>();
    expectTypeOf<AuthorizationCallback>().toEqualTypeOf<{ code: string; state: string }>();
    // @ts-expect-error expectedState is required
    client.parseCallback('https://app.example.com/cb', {});
    expectTypeOf(client.parseImplicitCallback).returns.toEqualTypeOf<ImplicitCallback>();
    expectTypeOf<ImplicitCallback>().toExtend<TokenSet>();
    expectTypeOf<ImplicitCallback['state']>().toEqualTypeOf<string>();
  });

  it('the network methods return promises of the documented results', () => {
    expectTypeOf(client.exchangeCode).parameter(0).toEqualTypeOf<ExchangeCodeParams>();
    expectTypeOf(client.exchangeCode).returns.toEqualTypeOf<Promise<TokenSet>>();
    expectTypeOf(client.refreshTokens).parameters.toEqualTypeOf<[refreshToken: string, options?: RequestOptions | undefined]>();
    expectTypeOf(client.refreshTokens).returns.toEqualTypeOf<Promise<TokenSet>>();
    expectTypeOf(client.fetchUserInfo).parameters.toEqualTypeOf<[accessToken: string, options?: FetchUserInfoOptions | undefined]>();
    expectTypeOf(client.fetchUserInfo).returns.toEqualTypeOf<Promise<UserInfo>>();
    expectTypeOf(client.revokeToken).parameters.toEqualTypeOf<[refreshToken: string, options?: RequestOptions | undefined]>();
    expectTypeOf(client.revokeToken).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(client.clientCredentials).parameters.toEqualTypeOf<[params?: ClientCredentialsParams | undefined]>();
    expectTypeOf(client.clientCredentials).returns.toEqualTypeOf<Promise<TokenSet>>();
    expectTypeOf<RequestOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf<ExchangeCodeParams>().toHaveProperty('code').toEqualTypeOf<string>();
    expectTypeOf<ExchangeCodeParams>().toHaveProperty('codeVerifier').toEqualTypeOf<string>();
    // @ts-expect-error the verifier is required
    void client.exchangeCode({ code: 'c' });
    // @ts-expect-error clientMetadata values are strings (Cognito's aws_client_metadata)
    void client.clientCredentials({ clientMetadata: { n: 1 } });
  });

  it('buildLogoutUrl takes logoutUri or the sign-in form, never post_logout_redirect_uri', () => {
    expectTypeOf(client.buildLogoutUrl).parameters.toEqualTypeOf<[params: LogoutParams]>();
    expectTypeOf(client.buildLogoutUrl).returns.toEqualTypeOf<string>();
    assertType<LogoutParams>({ logoutUri: 'https://app.example.com/bye' });
    assertType<LogoutParams>({ redirectUri: 'https://app.example.com/cb', responseType: 'code', state: 's' });
    // @ts-expect-error Cognito has no post_logout_redirect_uri
    client.buildLogoutUrl({ post_logout_redirect_uri: 'https://app.example.com/bye' });
    // @ts-expect-error responseType is code or token
    client.buildLogoutUrl({ responseType: 'id_token' });
  });

  it('the PKCE helpers', () => {
    expectTypeOf(computeCodeChallenge).toEqualTypeOf<(codeVerifier: string) => Promise<string>>();
    expectTypeOf(generateRandomValue).toEqualTypeOf<() => string>();
  });
});

describe('TokenSet', () => {
  it('is camelCase with a literal Bearer type and optional ID and refresh tokens', () => {
    expectTypeOf<TokenSet>().toEqualTypeOf<{
      accessToken: string;
      idToken?: string | undefined;
      refreshToken?: string | undefined;
      tokenType: 'Bearer';
      expiresIn: number;
      expiresAt: number;
    }>();
    // @ts-expect-error token_type is normalised to the literal 'Bearer'
    assertType<TokenSet>({ accessToken: 'a', tokenType: 'bearer', expiresIn: 1, expiresAt: 2 });
  });
});

describe('UserInfo', () => {
  it('has sub, boolean verified flags, and any other claim (custom:*) as unknown', () => {
    expectTypeOf<UserInfo['sub']>().toEqualTypeOf<string>();
    expectTypeOf<UserInfo['email_verified']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<UserInfo['phone_number_verified']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<UserInfo['email']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<UserInfo['custom:plan']>().toEqualTypeOf<unknown>();
    assertType<UserInfo>({ sub: 's', 'custom:plan': 'pro', email_verified: true, brand_new: [1] });
    // @ts-expect-error the verified flags are booleans, not Cognito's strings
    assertType<UserInfo>({ sub: 's', email_verified: 'true' });
    // @ts-expect-error sub is required
    assertType<UserInfo>({ email: 'a@example.com' });
  });
});

describe('errors', () => {
  it('CognitoOAuthError is an Error with a stable code, a cause and an optional Response', () => {
    expectTypeOf<CognitoOAuthError>().toExtend<Error>();
    expectTypeOf<CognitoOAuthError['code']>().toExtend<string>();
    expectTypeOf<(typeof ErrorCode)['STATE_MISMATCH']>().toEqualTypeOf<'STATE_MISMATCH'>();
    expectTypeOf<ErrorCode>().toExtend<CognitoOAuthError['code']>();
    expectTypeOf<CognitoOAuthError['response']>().toEqualTypeOf<Response | undefined>();
    expectTypeOf<
      | 'OAUTH_ERROR'
      | 'STATE_MISMATCH'
      | 'STATE_MISSING'
      | 'CODE_MISSING'
      | 'CALLBACK_INVALID'
      | 'INVALID_RESPONSE'
      | 'RESPONSE_TOO_LARGE'
      | 'HTTP_ERROR'
      | 'UNEXPECTED_REDIRECT'
      | 'TIMEOUT'
      | 'ABORTED'
      | 'NETWORK_ERROR'
      | 'SUBJECT_MISMATCH'
    >().toExtend<ErrorCode>();
  });

  it('OAuthError is a CognitoOAuthError with what Cognito said', () => {
    expectTypeOf<OAuthError>().toExtend<CognitoOAuthError>();
    expectTypeOf<OAuthError['code']>().toEqualTypeOf<'OAUTH_ERROR'>();
    expectTypeOf<OAuthError['error']>().toEqualTypeOf<string>();
    expectTypeOf<OAuthError['errorDescription']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OAuthError['status']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OAuthError['source']>().toEqualTypeOf<OAuthErrorSource>();
    expectTypeOf<'token' | 'revoke' | 'userInfo' | 'callback'>().toExtend<OAuthErrorSource>();
  });

  it('narrows with instanceof', () => {
    const error: unknown = new Error('x');
    if (error instanceof OAuthError) expectTypeOf(error.error).toEqualTypeOf<string>();
    if (error instanceof CognitoOAuthError) expectTypeOf(error.code).toExtend<string>();
  });
});

/** The keys a (loose) object type declares, without its index signature; modifiers kept. */
type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/** Every property required and without `undefined`, to compare types regardless of optionality spelling. */
type Present<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

describe('the public interfaces agree with the zod schemas', () => {
  type TokenWire = z.output<typeof TokenResponseSchema>;
  type UserInfoWire = z.output<typeof UserInfoSchema>;
  type ErrorWire = z.output<typeof ErrorResponseSchema>;
  type TokenRename = {
    access_token: 'accessToken';
    id_token: 'idToken';
    refresh_token: 'refreshToken';
    expires_in: 'expiresIn';
    token_type: 'tokenType';
  };

  it('the token schema checks exactly the fields TokenSet is made of', () => {
    expectTypeOf<keyof Known<TokenWire>>().toEqualTypeOf<keyof TokenRename>();
    type FromWire = { [K in keyof Known<TokenWire> as K extends keyof TokenRename ? TokenRename[K] : never]: Known<TokenWire>[K] };
    // Same names (renamed), same types, same optionality; tokenType is then narrowed to 'Bearer'.
    expectTypeOf<Omit<FromWire, 'tokenType'>>().toEqualTypeOf<Omit<TokenSet, 'tokenType' | 'expiresAt'>>();
    expectTypeOf<FromWire['tokenType']>().toEqualTypeOf<string>();
    expectTypeOf<TokenSet['tokenType']>().toExtend<FromWire['tokenType']>();
  });

  it('the userInfo schema checks sub and the verified flags, which UserInfo gives as booleans', () => {
    expectTypeOf<keyof Known<UserInfoWire>>().toEqualTypeOf<'sub' | 'email_verified' | 'phone_number_verified'>();
    expectTypeOf<keyof Known<UserInfoWire>>().toExtend<keyof Known<UserInfo>>();
    type Normalised = {
      [K in keyof Known<UserInfoWire>]: K extends 'sub' ? Known<UserInfoWire>[K] : Exclude<Known<UserInfoWire>[K], string>;
    };
    expectTypeOf<Present<Normalised>>().toEqualTypeOf<Present<Pick<UserInfo, keyof Known<UserInfoWire>>>>();
    // Cognito sends the flags as strings: the schema must accept them (fetchUserInfo then converts).
    expectTypeOf<Known<UserInfoWire>['email_verified']>().toEqualTypeOf<string | boolean | undefined>();
    expectTypeOf<Known<UserInfoWire>['phone_number_verified']>().toEqualTypeOf<string | boolean | undefined>();
    // Both are loose: unknown claims (custom:*) pass the schema and are typed unknown in UserInfo.
    expectTypeOf<UserInfoWire['custom:plan']>().toEqualTypeOf<unknown>();
    expectTypeOf<UserInfo['custom:plan']>().toEqualTypeOf<unknown>();
  });

  it('OAuthError carries what the error schema yields', () => {
    expectTypeOf<keyof Known<ErrorWire>>().toEqualTypeOf<'error' | 'error_description'>();
    expectTypeOf<ErrorWire['error']>().toEqualTypeOf<OAuthError['error']>();
    expectTypeOf<ErrorWire['error_description']>().toEqualTypeOf<OAuthError['errorDescription']>();
  });
});
