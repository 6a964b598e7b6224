// Response schemas: the one place where the shape of Cognito's answers is written down. Objects are
// loose because Cognito adds fields over time; every schema constant is marked pure so an app that
// never calls the network code drops zod entirely.
import * as z from 'zod/mini';

const nonEmpty = /* @__PURE__ */ z.string().check(z.minLength(1));

/** `POST /oauth2/token` success body (all three grants). */
export const TokenResponseSchema = /* @__PURE__ */ z.looseObject({
  access_token: nonEmpty,
  id_token: /* @__PURE__ */ z.optional(nonEmpty),
  refresh_token: /* @__PURE__ */ z.optional(nonEmpty),
  // Cognito sends "Bearer"; compare case-insensitively as RFC 6749 says.
  token_type: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.refine((value) => value.toLowerCase() === 'bearer')),
  expires_in: /* @__PURE__ */ z.int().check(/* @__PURE__ */ z.positive()),
});

/** An OAuth error body: `{"error":"invalid_grant","error_description":"…"}`. */
export const ErrorResponseSchema = /* @__PURE__ */ z.looseObject({
  error: nonEmpty,
  error_description: /* @__PURE__ */ z.optional(z.string()),
});

/** Cognito sends `email_verified` / `phone_number_verified` as "true"/"false" strings in userInfo. */
const stringOrBoolean = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.union([z.boolean(), z.string()]));

/** `GET /oauth2/userInfo` success body. */
export const UserInfoSchema = /* @__PURE__ */ z.looseObject({
  sub: nonEmpty,
  email_verified: stringOrBoolean,
  phone_number_verified: stringOrBoolean,
});

/** `GET {issuer}/.well-known/jwks.json`: `{"keys":[{"kid","kty","alg","use","n","e"}, …]}`. */
export const JwksSchema = /* @__PURE__ */ z.looseObject({
  keys: /* @__PURE__ */ z.array(/* @__PURE__ */ z.looseObject({ kty: z.string(), kid: /* @__PURE__ */ z.optional(z.string()) })),
});
