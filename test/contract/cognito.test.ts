// Contract tests: the SDK against recorded Cognito responses (test/contract/fixtures/*.json).
//
// By default the fixtures are replayed in nock.back `lockdown` mode (no network). To re-record them
// against a real user pool, set the variables below and run `npm run test:record`
// (NOCK_BACK_MODE=update). A scenario whose variables are missing is skipped with a message and its
// fixture is left as it is. Real ids, secrets, codes, verifiers and tokens are replaced by AWS's
// documentation placeholders before anything is written (see back.ts), and the host becomes
// https://mydomain.auth.us-east-1.amazoncognito.com.
//
//   COGNITO_DOMAIN                    user pool domain (prefix or custom)          every scenario
//   COGNITO_CLIENT_ID                 a confidential app client ...               code, refresh, revoke, error scenarios
//   COGNITO_CLIENT_SECRET             ... and its secret                          code, invalid_grant, refresh, revoke
//   COGNITO_REDIRECT_URI              one of its callback URLs                    code exchange scenarios
//   COGNITO_AUTH_CODE                 a fresh code (5 minutes) from signing in    token-authorization-code-success
//   COGNITO_CODE_VERIFIER             the PKCE verifier of that sign-in           token-authorization-code-success
//   COGNITO_REFRESH_TOKEN             refresh token, rotation off                 token-refresh-no-rotation-success
//   COGNITO_ROTATING_CLIENT_ID        a confidential client with rotation on      token-refresh-rotation-success
//   COGNITO_ROTATING_CLIENT_SECRET    ... its secret
//   COGNITO_ROTATING_REFRESH_TOKEN    ... and one of its refresh tokens
//   COGNITO_M2M_CLIENT_ID             a client-credentials app client             token-client-credentials-success
//   COGNITO_M2M_CLIENT_SECRET         ... its secret
//   COGNITO_M2M_SCOPE                 ... and one custom scope it may request
//   COGNITO_ACCESS_TOKEN              an access token with openid (< 1 hour old)  userinfo-success
//   COGNITO_REVOKE_REFRESH_TOKEN      a refresh token to revoke (it is burnt)     revoke-success
import path from 'node:path';
import nock from 'nock';
import { describe, it } from 'vitest';
import { backMode, isRecording } from '../support/nock-back.js';
import { SCENARIOS, missingEnv, runScenario } from '../support/scenarios.js';

const mode = backMode(process.env);
const recording = isRecording(mode);
nock.back.fixtures = path.join(import.meta.dirname, 'fixtures');
nock.back.setMode(mode);

describe(`Cognito contract (nock.back ${mode})`, () => {
  for (const scenario of SCENARIOS) {
    const missing = recording ? missingEnv(scenario, process.env) : [];
    if (missing.length > 0) {
      console.warn(`skipping ${scenario.fixture}: set ${missing.join(', ')} to record it (${scenario.needs})`);
    }
    it.skipIf(missing.length > 0)(
      scenario.fixture.replace(/\.json$/, ''),
      async () => {
        await runScenario(scenario, recording ? process.env : undefined);
      },
      30_000,
    );
  }
});
