// Key selection against generated JWKS documents: whatever the key set holds (key types, algs,
// uses, modulus sizes, duplicate kids, junk members), a token verifies only with the first key of
// its kid when that key is an RS256 signing key of 2048 bits or more; anything else is a typed error.
import { generateKeyPairSync } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/index.js';
import { describeError, expectReached, isSdkError, PROPERTY_TIMEOUT, RUNS } from '../support/fuzz.js';
import { ID_KID, idKey, idToken, verifyingClient, type TestKey } from '../support/tokens.js';

const weak: TestKey = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { kid: ID_KID, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid: ID_KID } };
})();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });

/** A key under the token's kid: the signing key (possibly spoiled), a weak key, or another type. */
interface Candidate {
  base: 'signer' | 'weak' | 'ec' | 'oct';
  alg: string | undefined;
  use: string | undefined;
  kty: string | undefined;
  modulus: 'keep' | 'zero-padded' | 'top-bit-cleared' | 'missing' | 'junk';
}
const candidate: fc.Arbitrary<Candidate> = fc.oneof(
  // Cognito-like keys, often: the signer or the weak key as published.
  fc.record({
    base: fc.constantFrom('signer', 'weak'),
    alg: fc.constantFrom(undefined, 'RS256'),
    use: fc.constantFrom(undefined, 'sig'),
    kty: fc.constant(undefined),
    modulus: fc.constant('keep'),
  }),
  fc.record({
    base: fc.constantFrom('signer', 'weak', 'ec', 'oct'),
    alg: fc.constantFrom(undefined, 'RS256', 'RS384', 'PS256', 'ES256', 'none', ''),
    use: fc.constantFrom(undefined, 'sig', 'enc', 'SIG'),
    kty: fc.constantFrom(undefined, 'RSA', 'EC', 'rsa'),
    modulus: fc.constantFrom('keep', 'zero-padded', 'top-bit-cleared', 'missing', 'junk'),
  }),
) as fc.Arbitrary<Candidate>;

function jwkOf(c: Candidate): Record<string, unknown> {
  const base = c.base === 'signer' ? idKey.jwk : c.base === 'weak' ? weak.jwk : c.base === 'ec' ? ec : { kty: 'oct', k: 'c2VjcmV0' };
  const jwk: Record<string, unknown> = { ...base, kid: ID_KID };
  delete jwk['alg'];
  delete jwk['use'];
  if (c.alg !== undefined) jwk['alg'] = c.alg;
  if (c.use !== undefined) jwk['use'] = c.use;
  if (c.kty !== undefined) jwk['kty'] = c.kty;
  if (typeof jwk['n'] === 'string') {
    const n = Buffer.from(jwk['n'], 'base64url');
    if (c.modulus === 'zero-padded') jwk['n'] = Buffer.concat([Buffer.alloc(64), n]).toString('base64url');
    if (c.modulus === 'top-bit-cleared') jwk['n'] = Buffer.from([n[0]! & 0x7f, ...n.subarray(1)]).toString('base64url');
    if (c.modulus === 'missing') delete jwk['n'];
    if (c.modulus === 'junk') jwk['n'] = `${String(jwk['n'])}==`;
  }
  return jwk;
}

/** Whether the SDK's rule accepts the key, written out independently of src/verify/jwks.ts. */
function usable(jwk: Record<string, unknown>): boolean {
  if (jwk['kty'] !== 'RSA' || ![undefined, 'RS256'].includes(jwk['alg'] as string) || ![undefined, 'sig'].includes(jwk['use'] as string)) return false;
  if (typeof jwk['n'] !== 'string' || !/^[\w-]+$/.test(jwk['n'])) return false;
  const hex = Buffer.from(jwk['n'], 'base64url').toString('hex').replace(/^(00)+/, '');
  return hex.length > 0 && BigInt(`0x${hex}`) >= 2n ** 2047n;
}

describe('JWKS documents', () => {
  it('verify a token only with the first key of its kid, when that key is a usable RS256 key', { timeout: PROPERTY_TIMEOUT }, async () => {
    const seen = new Set<string>();
    const tokens = { signer: idToken(), weak: idToken({}, weak) };
    await fc.assert(
      fc.asyncProperty(
        fc.array(candidate, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ kid: fc.constantFrom('other', 'k2', ''), kty: fc.constantFrom('RSA', 'EC') }), { maxLength: 2 }),
        fc.constantFrom('signer', 'weak') as fc.Arbitrary<'signer' | 'weak'>,
        async (sameKid, others, signedBy) => {
          const keys = [...others, ...sameKid.map(jwkOf)];
          const first = jwkOf(sameKid[0]!);
          const fetch = async (): Promise<Response> => Response.json({ keys });
          let error: unknown;
          try {
            await verifyingClient({ fetch, retries: 0 }).verifyIdToken(tokens[signedBy]);
          } catch (e) {
            error = e;
          }
          const signerMatches = (signedBy === 'signer' ? sameKid[0]!.base === 'signer' : sameKid[0]!.base === 'weak') && sameKid[0]!.modulus !== 'top-bit-cleared';
          if (error === undefined) {
            seen.add('verified');
            expect(usable(first)).toBe(true);
            expect(signerMatches).toBe(true);
            return;
          }
          if (!isSdkError(error)) throw new Error(`untyped error: ${describeError(error)}`);
          seen.add(error.code);
          if (!usable(first)) expect(error.code).toBe(ErrorCode.JWKS_INVALID);
          else {
            // A usable key that did not sign the token (or whose modulus was altered) fails on the signature.
            expect(signerMatches && sameKid[0]!.modulus === 'keep').toBe(false);
            expect(error.code).toBe(ErrorCode.SIGNATURE_INVALID);
          }
        },
      ),
      { numRuns: Math.min(RUNS, 300) },
    );
    expectReached(seen, ['verified', ErrorCode.JWKS_INVALID, ErrorCode.SIGNATURE_INVALID]);
  });
});
