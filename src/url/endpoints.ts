/**
 * Paths on the user pool domain. The only place they are spelled out. Note the capital I in
 * `userInfo` and that logout lives at `/logout`, not under `/oauth2`.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 */
export const ENDPOINT_PATHS = {
  authorize: '/oauth2/authorize',
  token: '/oauth2/token',
  userInfo: '/oauth2/userInfo',
  revoke: '/oauth2/revoke',
  logout: '/logout',
  login: '/login',
  signup: '/signup',
} as const;

/** A path on the user pool domain. Internal. */
export type EndpointName = keyof typeof ENDPOINT_PATHS;

/** The absolute URL of one endpoint for an origin such as `https://auth.example.com`. Internal. */
export function endpointUrl(origin: string, name: EndpointName): string {
  return origin + ENDPOINT_PATHS[name];
}
